package org.adabayes.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.io.Csv;
import org.adabayes.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run files through the one CSV reader and writer: the formats are those train always wrote
 * (a legacy eight-column epochs.csv still reads), and a cut or garbled line is refused by its
 * path and line number, or in lr_trace.csv dropped on resume.
 */
class RunFilesCsvTest {
    @TempDir
    Path tmp;

    @Test
    void epochsRoundTripInTheirOwnFormatAndLegacyFilesRead() throws IOException {
        RunDir run = new RunDir(tmp);
        EpochRecord r = new EpochRecord(0, 1.0, 0.5, 12.5, 0.6, 14.25, 3.0, 100.0, 2.5, 0.4,
                0.1);
        run.writeEpochs(List.of(r));
        assertEquals(EpochCsv.HEADER + "\n0,1.00000,0.500000,12.5000,0.600000,14.2500,3.000,"
                + "100.0,2.500,0.400,0.100\n", Files.readString(tmp.resolve(RunDir.EPOCHS)));
        assertEquals(List.of(r), run.readEpochs());
        Files.writeString(tmp.resolve(RunDir.EPOCHS), EpochCsv.LEGACY_HEADER
                + "\n0,1,0.5,12.5,0.6,14.25,3.0,100.0\n");
        EpochRecord legacy = run.readEpochs().get(0);
        assertEquals(14.25, legacy.testError());
        assertTrue(Double.isNaN(legacy.trainSeconds()));
    }

    @Test
    void aGarbledOrShortLineIsRefusedWithItsPathAndLine() throws IOException {
        RunDir run = new RunDir(tmp);
        Path f = tmp.resolve(RunDir.EPOCHS);
        Files.writeString(f, EpochCsv.HEADER + "\n0,1,0.5,12.5,0.6,14.25,3,100,2,1,0\n\n"
                + "1,1,0.5,12.5\n");
        UserInputException e = assertThrows(UserInputException.class, run::readEpochs);
        assertEquals(f + ": line 4 has 4 fields, expected 11", e.getMessage());
        Files.writeString(f, EpochCsv.HEADER + "\n0,1,0.5,x,0.6,14.25,3,100,2,1,0\n");
        e = assertThrows(UserInputException.class, run::readEpochs);
        assertEquals(f + ": line 2, column train_error: not a number: 'x'", e.getMessage());
        Files.writeString(f, "epoch,loss\n");
        e = assertThrows(UserInputException.class, run::readEpochs);
        assertEquals(f + ": header is not that of an epochs.csv: 'epoch,loss'", e.getMessage());
    }

    @Test
    void aTraceKeepsItsWholeRowsByteForByteAndDropsACutOne() throws IOException {
        Path f = tmp.resolve(RunDir.LR_TRACE);
        String kept = LrTraceRow.HEADER + "\n0,5,layer1.0.conv1.weight,17,1.23457e-05,0.00100000\n"
                + "1,3,fc.weight,2,2.00000e-06,0.000500000\n";
        Files.writeString(f, kept + "1,9,fc.weight,2,2.0000\n2,1,fc.wei");
        LrTraceFile.keepUpTo(f, 1, 5);
        assertEquals(kept, Files.readString(f));
        LrTraceFile.append(f, List.of(new LrTraceRow(1, 6, "fc.bias", 0, 1e-5, 2e-3)));
        assertEquals(kept + "1,6,fc.bias,0,1.00000e-05,0.00200000\n", Files.readString(f));
        assertEquals(3, LrTraceFile.read(f).size());
        Files.writeString(f, kept + "1,9,fc.weight\n");
        UserInputException e = assertThrows(UserInputException.class, () -> LrTraceFile.read(f));
        assertEquals(f + ": line 4 is not a row of " + LrTraceRow.HEADER, e.getMessage());
    }

    @Test
    void theWriterQuotesOnlyWhatMustBeQuoted() {
        assertEquals("a,b\nAdaBayes (lr=0.01),AdamW+NAWD\n\"x,y\",\"say \"\"hi\"\"\"\n",
                Csv.write(List.of("a", "b"), List.of(List.of("AdaBayes (lr=0.01)", "AdamW+NAWD"),
                        List.of("x,y", "say \"hi\""))));
        Csv.Rows rows = Csv.parse("a,b\n\"x,y\",2\n", "t.csv");
        assertEquals("x,y", rows.text(0, 0));
        assertEquals(2, rows.line(0));
    }
}
