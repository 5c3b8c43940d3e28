package org.adabayes.cli;

import java.util.ArrayList;
import java.util.List;
import org.adabayes.doctor.Check;
import org.adabayes.doctor.Doctor;
import org.adabayes.doctor.Target;
import org.adabayes.engine.Gpus;
import org.adabayes.optim.OptimizerKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code adabayes doctor}: a minute's check of a new machine before a sweep (the report, the
 * checks on the CPU and every GPU, a verdict); exit 0 when every check passes, 1 naming the
 * failures. The work is {@link Doctor}'s.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check this machine before a sweep: engine, natives, GPUs; every "
                + "optimizer's steps on each device against the CPU's in float64 and float32; "
                + "one multi-tensor call per step; ResNet-34 images/s. Exit 0 when all pass, "
                + "1 naming the failed checks.")
final class DoctorCommand extends Subcommand {
    @Option(names = "--full-width", description = "On the CPU time the full-width ResNet-34 "
            + "(seconds a step on a few cores) instead of the 1/4-width one.")
    boolean fullWidth;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
            description = "Timed steps of the throughput (default 2 on a CPU, 10 on a GPU).")
    int steps;

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "Check only these optimizers (default: the registry's, all).")
    List<OptimizerKind> optimizers = new ArrayList<>();

    /** Breaks one path on purpose, to see its check fail (tests). */
    @Option(names = "--inject-fault", hidden = true)
    Doctor.Fault fault;

    @Override
    protected void validate() {
        require(steps >= 0, "--steps", "must be >= 0, got " + steps);
    }

    @Override
    protected ExitCode execute() {
        List<Target> gpus = new ArrayList<>();
        for (Gpus.Gpu g : Gpus.visible()) {
            gpus.add(Target.of(g));
        }
        List<Check> checks = Doctor.run(new Doctor.Options(fullWidth, steps, fault,
                optimizers), gpus,
                out());
        return checks.stream().allMatch(Check::passed) ? ExitCode.OK : ExitCode.FAILED;
    }
}
