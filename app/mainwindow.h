#pragma once
// Start-up of the main window, shared by main.cpp and the GUI tests so both drive the same
// window: Main.qml from the Stormglass module, handed its objects as required properties.

#include <QString>

QT_BEGIN_NAMESPACE
class QQmlApplicationEngine;
class QQuickWindow;
QT_END_NAMESPACE

namespace sg::app {

class AppSettings;
class PatternSandbox;
class ProjectDocument;

// Stormglass's version (CMake's PROJECT_VERSION).
[[nodiscard]] QString applicationVersion();

// Application-wide settings the window expects (style, names, icon); call before loading it.
void setUpApplication();

// The bundled model the application opens when given no file.
inline constexpr const char *kDefaultExampleModel = "e-commerce.stormglass.json";

// Which page the window shows first.
enum class StartPage { Model, Sandbox };

// How the window starts, beyond the model it shows.
struct WindowOptions {
    bool offerRecovery = true;       // offer back work a crash left unsaved (off when measuring)
    bool showStartScreen = false;    // the welcome screen with new, open, recent and examples
    bool showTour = false;           // the first-run tour
    AppSettings *settings = nullptr; // null: settings owned by the engine, from the usual file
};

// Loads qrc:/Stormglass/Main.qml into `engine`. Returns the window, or nullptr after printing
// the QML errors. `startupError` is shown in a dialog once the window is up (empty: none).
[[nodiscard]] QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, PatternSandbox *sandbox,
                                           ProjectDocument *document,
                                           const QString &startupError = {},
                                           StartPage page = StartPage::Model,
                                           const WindowOptions &options = {});

// Renders `window` into a PNG at `path`; returns an error message, empty on success.
[[nodiscard]] QString saveScreenshot(QQuickWindow *window, const QString &path);

} // namespace sg::app
