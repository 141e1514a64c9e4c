#pragma once
// The canvas's measuring modes, shared by main.cpp: --frame-bench pans and zooms the real window
// the way a user explores a board and prints frame times; --screenshot saves one fitted frame.

#include <QElapsedTimer>
#include <QString>

QT_BEGIN_NAMESPACE
class QQuickWindow;
QT_END_NAMESPACE

namespace sg::app {

class CanvasView;

// The window's canvas (objectName "canvas"), or null.
[[nodiscard]] CanvasView *findCanvas(QQuickWindow *window);

// After the first frame, `warmUpSeconds` of motion, then `seconds` of measured motion: a smooth
// circle around the model's centre with the zoom between 0.5x and 1.5x. Prints one JSON line
// ({"elements", "frames", "first_frame_ms", "median_ms", "p95_ms"}) and quits the application.
// `sinceStart` runs from before the file was opened.
void startFrameBench(QQuickWindow *window, double seconds, const QElapsedTimer &sinceStart,
                     double warmUpSeconds = 2.0);

// Zooms the canvas to fit, waits for a rendered frame and saves the window to `path` as PNG;
// then quits with 0, or 1 after printing why.
void startScreenshot(QQuickWindow *window, const QString &path);

} // namespace sg::app
