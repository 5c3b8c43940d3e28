package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an optimizer keeps between steps, per parameter: its step count and its named state arrays
 * (moments, variances, Kronecker factors), and their checkpoint encoding. DJL's optimizers keep
 * theirs private and restart {@code updateCount} at zero, so a resumed run would lose its Adam
 * moments and restart bias correction; here both are written with the weights and read back
 * exactly. The arrays are detached from every manager, so this store closes them.
 */
public final class OptimizerState {
    private final Map<String, Map<String, NDArray>> arrays = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();

    /** Counts a step of the parameter and returns its 1-based number. */
    int nextStep(String id) {
        return steps.merge(id, 1, Integer::sum);
    }

    /** The parameter's slots; new ones take the shape, dtype and device of {@code like}. */
    Slots slots(String id, NDArray like) {
        return new Slots(arrays.computeIfAbsent(id, k -> new TreeMap<>()), like);
    }

    /** Whether a parameter has a state array of this name. */
    boolean has(String id, String name) {
        Map<String, NDArray> slots = arrays.get(id);
        return slots != null && slots.containsKey(name);
    }

    /** The parameter ids that hold state, sorted. */
    List<String> ids() {
        return new ArrayList<>(new TreeMap<>(arrays).keySet());
    }

    /** Bytes of state held (the benchmark's memory figure). */
    public long bytes() {
        return arrays.values().stream().flatMap(m -> m.values().stream())
                .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    /** Number of state arrays held (for the memory test and the benchmark). */
    public int arrayCount() {
        return arrays.values().stream().mapToInt(Map::size).sum();
    }

    /** The highest step count of any parameter (BatchNorm's num_batches_tracked on export). */
    public int stepsTaken() {
        return steps.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Writes step counts and every state array, parameters and slots in sorted order. */
    public void save(DataOutputStream out) throws IOException {
        List<String> ids = ids();
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
            out.writeInt(steps.getOrDefault(id, 0));
            Map<String, NDArray> slots = arrays.get(id);
            out.writeInt(slots.size());
            for (Map.Entry<String, NDArray> e : slots.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] enc = e.getValue().encode();
                out.writeInt(enc.length);
                out.write(enc);
            }
        }
    }

    /** Reads what {@link #save} wrote, replacing any state, onto {@code manager}'s device. */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        close();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            steps.put(id, in.readInt());
            int k = in.readInt();
            Map<String, NDArray> slots = new TreeMap<>();
            for (int j = 0; j < k; j++) {
                String name = in.readUTF();
                byte[] enc = new byte[in.readInt()];
                in.readFully(enc);
                NDArray a = NDArray.decode(manager, enc);
                a.detach();
                slots.put(name, a);
            }
            arrays.put(id, slots);
        }
    }

    /** Closes every state array and forgets the step counts. */
    public void close() {
        for (Map<String, NDArray> slots : arrays.values()) {
            slots.values().forEach(NDArray::close);
        }
        arrays.clear();
        steps.clear();
    }

    /** One parameter's state arrays, created on first use as detached arrays the store owns. */
    public static final class Slots {
        private final Map<String, NDArray> map;
        private final NDArray like;

        Slots(Map<String, NDArray> map, NDArray like) {
            this.map = map;
            this.like = like;
        }

        /** The slot's array, created full of {@code init} with the weight's shape on first use. */
        public NDArray get(String name, double init) {
            NDArray a = map.get(name);
            if (a == null) {
                try (NDScope scope = new NDScope()) {
                    a = init == 0 ? like.zerosLike() : like.zerosLike().addi(init);
                    keep(a);
                }
                map.put(name, a);
            }
            return a;
        }

        /** The slot's array, or null when it was never set. */
        public NDArray find(String name) {
            return map.get(name);
        }

        /** Replaces a slot with an array computed in this step (the old one is closed). */
        public void replace(String name, NDArray value) {
            keep(value);
            NDArray old = map.put(name, value);
            if (old != null && old != value) {
                old.close();
            }
        }

        private static void keep(NDArray a) {
            NDScope.unregister(a);
            a.detach();
        }
    }
}
