package org.adabayes.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.adabayes.io.UserInputException;

/**
 * Reads the CIFAR-10/100 binary distributions from the extracted folder or the official .tar.gz.
 * Every file is checked for whole records and, for the official data, the exact record count, so a
 * truncated download fails here with its name rather than as a shape error mid-training.
 */
public final class CifarReader {
    private CifarReader() {}

    /**
     * Reads train and test splits.
     *
     * @param location a folder holding the archive or the extracted files, or the archive itself
     * @param format which distribution
     * @param exactCounts whether each file must hold the official number of records (false only
     *     for generated data in the same layout)
     */
    public static Splits read(Path location, CifarFormat format, boolean exactCounts) {
        Map<String, String> checksums = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        Set<String> wanted = new HashSet<>(format.trainFiles);
        wanted.addAll(format.testFiles);
        Path archive = findArchive(location, format);
        Path folder = findFolder(location, format);
        if (folder != null) {
            for (String name : new java.util.TreeSet<>(wanted)) {
                Path f = folder.resolve(name);
                if (!Files.isRegularFile(f)) {
                    throw new UserInputException(f + ": missing (" + format.title + " needs "
                            + String.join(", ", format.trainFiles) + ", "
                            + String.join(", ", format.testFiles) + ")");
                }
                try {
                    byte[] data = Files.readAllBytes(f);
                    files.put(name, data);
                    checksums.put(f.toString(), "md5:" + Checksums.md5(data));
                } catch (IOException e) {
                    throw new UserInputException(f + ": cannot read: " + e.getMessage(), e);
                }
            }
        } else if (archive != null) {
            TarGz.Contents c = TarGz.read(archive, wanted);
            if (exactCounts && !c.md5().equals(format.md5)) {
                throw new UserInputException(archive + ": MD5 " + c.md5() + " is not the official "
                        + format.title + " archive's " + format.md5
                        + " (corrupt or a different file)");
            }
            for (String name : wanted) {
                if (!c.files().containsKey(name)) {
                    throw new UserInputException(archive + ": has no " + name);
                }
            }
            files.putAll(c.files());
            checksums.put(archive.toString(), "md5:" + c.md5());
        } else {
            throw new UserInputException(format.title + " not found at " + location + ": put "
                    + format.archive + " (MD5 " + format.md5 + ") or its extracted "
                    + format.folder + "/ folder there, or set dataset.dir; "
                    + "the harness never downloads data");
        }
        String where = folder != null ? folder.toString() : String.valueOf(archive);
        ImageSet train = parse(where, format.trainFiles, files, format, exactCounts);
        ImageSet test = parse(where, format.testFiles, files, format, exactCounts);
        return new Splits(train, test, checksums);
    }

    private static Path findArchive(Path location, CifarFormat format) {
        if (Files.isRegularFile(location) && location.toString().endsWith(".tar.gz")) {
            return location;
        }
        Path a = location.resolve(format.archive);
        return Files.isRegularFile(a) ? a : null;
    }

    private static Path findFolder(Path location, CifarFormat format) {
        if (!Files.isDirectory(location)) {
            return null;
        }
        Path inner = location.resolve(format.folder);
        if (Files.isDirectory(inner)) {
            return inner;
        }
        return Files.isRegularFile(location.resolve(format.testFiles.get(0))) ? location : null;
    }

    private static ImageSet parse(String where, List<String> names, Map<String, byte[]> files,
            CifarFormat format, boolean exactCounts) {
        int rec = format.recordSize();
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (String name : names) {
            byte[] data = files.get(name);
            if (data.length == 0 || data.length % rec != 0) {
                throw new UserInputException(where + "/" + name + ": " + data.length
                        + " bytes is not a whole number of " + rec
                        + "-byte records (truncated or not " + format.title + ")");
            }
            int n = data.length / rec;
            if (exactCounts && n != format.expectedRecords(name)) {
                throw new UserInputException(where + "/" + name + ": holds " + n
                        + " records, expected "
                        + format.expectedRecords(name));
            }
            parts.add(data);
            total += n;
        }
        byte[] pixels = new byte[total * CifarFormat.PIXELS];
        int[] labels = new int[total];
        int i = 0;
        for (int p = 0; p < parts.size(); p++) {
            byte[] data = parts.get(p);
            for (int off = 0; off < data.length; off += rec, i++) {
                int label = data[off + format.labelBytes - 1] & 0xff;
                if (label >= format.classes) {
                    throw new UserInputException(where + "/" + names.get(p) + ": record "
                            + (off / rec) + " has label " + label + ", outside 0.."
                            + (format.classes - 1));
                }
                labels[i] = label;
                System.arraycopy(data, off + format.labelBytes, pixels,
                        i * CifarFormat.PIXELS, CifarFormat.PIXELS);
            }
        }
        return new ImageSet(pixels, labels, 3, 32, 32, format.classes);
    }

    /** Writes images in this format's binary layout (for generated data and test fixtures). */
    public static byte[] encode(ImageSet set, CifarFormat format) {
        int rec = format.recordSize();
        byte[] out = new byte[set.size() * rec];
        for (int i = 0; i < set.size(); i++) {
            int off = i * rec;
            for (int b = 0; b < format.labelBytes; b++) {
                out[off + b] = (byte) set.labels()[i];
            }
            System.arraycopy(set.pixels(), i * CifarFormat.PIXELS, out, off + format.labelBytes,
                    CifarFormat.PIXELS);
        }
        return out;
    }
}
