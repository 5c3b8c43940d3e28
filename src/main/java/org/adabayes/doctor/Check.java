package org.adabayes.doctor;

/**
 * One check of the doctor and how it came out.
 *
 * @param name what was checked, where: e.g. {@code float64 adam cpu}
 * @param passed whether it passed
 * @param detail the measured numbers and the bound, in words
 */
public record Check(String name, boolean passed, String detail) {}
