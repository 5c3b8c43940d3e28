package org.adabayes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The native-call count that {@code bench optimizers} prints counts what Java dispatches, not
 * what libtorch does inside an op: nested events of the profiler's trace are one call.
 */
class NativeCallsTest {
    @Test
    void nestedEventsAreOneCallAndThreadsAreSeparate() throws IOException {
        String trace = "[{\"name\":\"aten::mul\",\"ph\":\"X\",\"ts\":10,\"dur\":50,\"tid\":1},"
                + "{\"name\":\"aten::to\",\"ph\":\"X\",\"ts\":12,\"dur\":20,\"tid\":1},"
                + "{\"name\":\"aten::copy_\",\"ph\":\"X\",\"ts\":15,\"dur\":5,\"tid\":1},"
                + "{\"name\":\"aten::add\",\"ph\":\"X\",\"ts\":70,\"dur\":5,\"tid\":1},"
                + "{\"name\":\"aten::fill_\",\"ph\":\"X\",\"ts\":20,\"dur\":5,\"tid\":2},"
                + "{\"name\":\"meta\",\"ph\":\"M\",\"ts\":0,\"tid\":1}]";
        assertEquals(3, NativeCalls.topLevel(new ObjectMapper().readTree(trace)));
    }

    /** Inside a script's call the operators it runs count, not the call's own event. */
    @Test
    void operatorsInsideAScriptCallCountOnce() throws IOException {
        String trace = "[{\"name\":\"forward\",\"ph\":\"X\",\"ts\":0,\"dur\":100,\"tid\":1},"
                + "{\"name\":\"aten::_foreach_mul_\",\"ph\":\"X\",\"ts\":5,\"dur\":30,\"tid\":1},"
                + "{\"name\":\"aten::mul_\",\"ph\":\"X\",\"ts\":6,\"dur\":5,\"tid\":1},"
                + "{\"name\":\"aten::_foreach_add_\",\"ph\":\"X\",\"ts\":40,\"dur\":30,\"tid\":1},"
                + "{\"name\":\"__exit__\",\"ph\":\"X\",\"ts\":80,\"dur\":1,\"tid\":1}]";
        var events = new ObjectMapper().readTree(trace);
        assertEquals(1, NativeCalls.topLevel(events));
        assertEquals(2, NativeCalls.outermost(events, "aten::"));
    }

    @Test
    void countsTheOpsJavaDispatches() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new Shape(4, 4));
            NDArray b = m.ones(new Shape(4, 4));
            assertEquals(0, NativeCalls.count(() -> { }));
            assertEquals(1, NativeCalls.count(() -> a.addi(b)));
            // mul by a scalar converts the scalar inside the op: still one call
            assertEquals(3, NativeCalls.count(() -> a.addi(b).muli(2).subi(b)));
        }
    }
}
