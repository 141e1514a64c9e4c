#pragma once
// Start-up of the main window, shared by main.cpp and the GUI tests so both drive the same
// window: Main.qml from the Stormglass module, handed its objects as required properties.

#include <QString>

QT_BEGIN_NAMESPACE
class QQmlApplicationEngine;
class QQuickWindow;
QT_END_NAMESPACE

namespace sg::app {

class PatternSandbox;

// Stormglass's version (CMake's PROJECT_VERSION).
[[nodiscard]] QString applicationVersion();

// Application-wide settings the window expects (style, names, icon); call before loading it.
void setUpApplication();

// Loads qrc:/Stormglass/Main.qml into `engine`. Returns the window, or nullptr after printing
// the QML errors. `startupError` is shown in a dialog once the window is up (empty: none).
[[nodiscard]] QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, PatternSandbox *sandbox,
                                           const QString &startupError = {});

// Renders `window` into a PNG at `path`; returns an error message, empty on success.
[[nodiscard]] QString saveScreenshot(QQuickWindow *window, const QString &path);

} // namespace sg::app
