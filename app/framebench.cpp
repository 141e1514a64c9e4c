#include "framebench.h"

#include "canvas/canvasview.h"
#include "mainwindow.h"

#include <QCoreApplication>
#include <QQuickWindow>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <vector>

namespace sg::app {

CanvasView *findCanvas(QQuickWindow *window) {
    return window ? window->findChild<CanvasView *>(QStringLiteral("canvas")) : nullptr;
}

namespace {

// CPU time of the whole process (every thread, the software rasteriser's included), in ms.
double processCpuMs() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct BenchState {
    double cpuAtStartMs = -1; // when measuring began
    QElapsedTimer motion;     // since the first frame
    qint64 lastSwapNs = -1;
    double firstFrameMs = -1;
    std::vector<double> intervals;
    bool done = false;
};

} // namespace

void startFrameBench(QQuickWindow *window, double seconds, const QElapsedTimer &sinceStart,
                     double warmUpSeconds) {
    CanvasView *canvas = findCanvas(window);
    if (!canvas) {
        std::fprintf(stderr, "stormglass: the window has no canvas\n");
        QCoreApplication::exit(1);
        return;
    }
    auto state = std::make_shared<BenchState>();
    const sg::model::Rect bounds = canvas->scene().bounds();
    const QPointF centre(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
    const double radius = std::max(200.0, std::min(bounds.width, bounds.height) / 4);
    const qint64 warmUpNs = static_cast<qint64>(warmUpSeconds * 1e9);
    const qint64 endNs = warmUpNs + static_cast<qint64>(seconds * 1e9);
    const QElapsedTimer startedAt = sinceStart;

    QObject::connect(window, &QQuickWindow::frameSwapped, window, [state, startedAt] {
        if (state->firstFrameMs < 0) {
            state->firstFrameMs = static_cast<double>(startedAt.nsecsElapsed()) / 1e6;
            state->motion.start();
        }
    });
    // Each frame, before it is drawn, the view moves on along the circle.
    QObject::connect(
        window, &QQuickWindow::afterAnimating, canvas,
        [state, canvas, centre, radius] {
            if (state->done || !state->motion.isValid()) {
                canvas->update();
                return;
            }
            const double t = static_cast<double>(state->motion.nsecsElapsed()) / 1e9;
            const double angle = 2 * std::numbers::pi * t / 8.0;
            ViewTransform view;
            view.scale = 1.0 + 0.5 * std::sin(2 * std::numbers::pi * t / 5.0);
            const QPointF at = centre + radius * QPointF(std::cos(angle), std::sin(angle));
            view.offset = QPointF(canvas->width() / 2, canvas->height() / 2) - at * view.scale;
            canvas->setViewTransform(view);
        },
        Qt::DirectConnection);
    QObject::connect(window, &QQuickWindow::frameSwapped, window, [state, canvas, warmUpNs, endNs] {
        if (state->done || !state->motion.isValid()) {
            return;
        }
        const qint64 now = state->motion.nsecsElapsed();
        if (now >= warmUpNs && state->cpuAtStartMs < 0) {
            state->cpuAtStartMs = processCpuMs();
        }
        if (now >= warmUpNs && state->lastSwapNs >= warmUpNs) {
            state->intervals.push_back(static_cast<double>(now - state->lastSwapNs) / 1e6);
        }
        state->lastSwapNs = now;
        if (now < endNs) {
            return;
        }
        state->done = true;
        std::vector<double> sorted = state->intervals;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted.empty() ? 0 : sorted[sorted.size() / 2];
        const double p95 = sorted.empty()
                               ? 0
                               : sorted[std::min(sorted.size() - 1,
                                                 static_cast<std::size_t>(
                                                     static_cast<double>(sorted.size()) * 0.95))];
        // CPU per frame (all threads, the software rasteriser's included) says what a frame
        // costs even when other work shares the cores and stretches the intervals.
        const double cpuPerFrame = sorted.empty() ? 0
                                                  : (processCpuMs() - state->cpuAtStartMs) /
                                                        static_cast<double>(sorted.size());
        std::printf("{\"elements\":%d,\"frames\":%zu,\"first_frame_ms\":%.1f,"
                    "\"median_ms\":%.2f,\"p95_ms\":%.2f,\"cpu_ms_per_frame\":%.2f}\n",
                    canvas->elementCount(), sorted.size(), state->firstFrameMs, median, p95,
                    cpuPerFrame);
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    canvas->update();
}

void startScreenshot(QQuickWindow *window, const QString &path) {
    CanvasView *canvas = findCanvas(window);
    if (canvas) {
        // Wherever the pointer happens to be, the picture shows the board, not a hover port.
        canvas->setAcceptHoverEvents(false);
    }
    // Give the window time to be exposed and laid out, fit the board, then render a fresh frame.
    QTimer::singleShot(800, window, [window, canvas, path] {
        if (canvas) {
            canvas->zoomToFit();
        }
        QTimer::singleShot(400, window, [window, path] {
            const QString error = saveScreenshot(window, path);
            if (!error.isEmpty()) {
                std::fprintf(stderr, "stormglass: %s\n", qPrintable(error));
            }
            QCoreApplication::exit(error.isEmpty() ? 0 : 1);
        });
    });
}

} // namespace sg::app
