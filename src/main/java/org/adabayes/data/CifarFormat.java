package org.adabayes.data;

import java.util.List;

/**
 * The layout of the two CIFAR binary distributions ({@code docs/protocol.md}): record size,
 * label bytes, file names and the official archive's MD5. CIFAR-100 records carry a coarse then a
 * fine label; Table 1 uses the fine one.
 */
public enum CifarFormat {
    CIFAR10("CIFAR-10", "cifar-10-binary.tar.gz", "cifar-10-batches-bin",
            "c32a1d4ab5d03f1284b67883e8d87530", 1, 10,
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                    "data_batch_4.bin", "data_batch_5.bin"),
            List.of("test_batch.bin"), 10_000),
    CIFAR100("CIFAR-100", "cifar-100-binary.tar.gz", "cifar-100-binary",
            "03b5dce01913d631647c71ecec9e9cb8", 2, 100, List.of("train.bin"), List.of("test.bin"),
            -1);

    public static final int PIXELS = 3 * 32 * 32;

    final String title;
    final String archive;
    final String folder;
    final String md5;
    final int labelBytes;
    final int classes;
    final List<String> trainFiles;
    final List<String> testFiles;
    /** Records per file in the official files (CIFAR-100: 50k train, 10k test). */
    final int recordsPerFile;

    CifarFormat(String title, String archive, String folder, String md5, int labelBytes,
            int classes, List<String> trainFiles, List<String> testFiles, int recordsPerFile) {
        this.title = title;
        this.archive = archive;
        this.folder = folder;
        this.md5 = md5;
        this.labelBytes = labelBytes;
        this.classes = classes;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.recordsPerFile = recordsPerFile;
    }

    public int recordSize() {
        return labelBytes + PIXELS;
    }

    public String folderName() {
        return folder;
    }

    public List<String> trainFiles() {
        return trainFiles;
    }

    public List<String> testFiles() {
        return testFiles;
    }

    int expectedRecords(String file) {
        if (this == CIFAR100) {
            return file.startsWith("train") ? 50_000 : 10_000;
        }
        return recordsPerFile;
    }
}
