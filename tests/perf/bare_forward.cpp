// bare_forward.cpp — the reference for ltbench's per-request overhead: a bare C++
// LibTorch loop over the same TorchScript file (torch::jit::load, InferenceMode,
// same input shape, same threads), timing each forward with CLOCK_MONOTONIC.
// Prints one JSON line. Built only by scripts/perf (target bare_forward).
//   bare_forward MODEL BATCH HEIGHT WIDTH ITERS WARMUP THREADS [main|thread]
// "thread" runs the loop on a second thread, as ltbench's workers do (the malloc
// arena a thread gets changes LibTorch's forward time; see BENCHMARKS.md).
#include <ATen/Parallel.h>
#include <torch/script.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

static double now_us() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int run(int argc, char **argv);

int main(int argc, char **argv) {
    if (argc != 8 && argc != 9) {
        std::fprintf(stderr, "usage: bare_forward MODEL BATCH HEIGHT WIDTH ITERS WARMUP THREADS [main|thread]\n");
        return 2;
    }
    const std::string mode = argc == 9 ? argv[8] : "main";
    if (mode == "split") { /* the main thread has used the intra-op pool first */
        char one[] = "1", zero[] = "0";
        char *probe[] = {argv[0], argv[1], argv[2], argv[3], argv[4], one, zero, argv[7]};
        run(8, probe);
    }
    if (mode == "thread" || mode == "split") {
        int rc = 0;
        std::thread worker([&] { rc = run(argc, argv); });
        worker.join();
        return rc;
    }
    return run(argc, argv);
}

static int run(int, char **argv) {
    const long batch = std::atol(argv[2]), height = std::atol(argv[3]), width = std::atol(argv[4]);
    const int iters = std::atoi(argv[5]), warmup = std::atoi(argv[6]), threads = std::atoi(argv[7]);
    try {
        if (threads > 0)
            at::set_num_threads(threads);
        torch::jit::script::Module m = torch::jit::load(argv[1]);
        m.eval();
        std::vector<float> pixels(batch * 3 * height * width, 0.5f);
        std::vector<double> us;
        us.reserve(iters);
        for (int i = 0; i < warmup + iters; i++) {
            double t0 = now_us();
            c10::InferenceMode guard;
            at::Tensor x = torch::from_blob(pixels.data(), {batch, 3, height, width});
            at::Tensor y = m.forward({x}).toTensor().contiguous();
            volatile float sink = y.data_ptr<float>()[0];
            (void)sink;
            if (i >= warmup)
                us.push_back(now_us() - t0);
        }
        std::sort(us.begin(), us.end());
        double sum = 0;
        for (double v : us)
            sum += v;
        std::printf("{\"iters\": %d, \"mean_us\": %.3f, \"median_us\": %.3f, \"ips\": %.3f}\n", iters,
                    sum / us.size(), us[us.size() / 2], batch * 1e6 * us.size() / sum);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bare_forward: %s\n", e.what());
        return 1;
    }
    return 0;
}
