#include "mainwindow.h"

#include "appsettings.h"

#include "patternsandbox.h"
#include "projectdocument.h"

#include <QGuiApplication>
#include <QIcon>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QUrl>

#include <cstdio>

namespace sg::app {

QString applicationVersion() {
    return QStringLiteral(SG_VERSION);
}

void setUpApplication() {
    QGuiApplication::setApplicationName(QStringLiteral("Stormglass"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Stormglass"));
    QGuiApplication::setOrganizationName(QStringLiteral("Stormglass"));
    QGuiApplication::setApplicationVersion(applicationVersion());
    QGuiApplication::setDesktopFileName(QStringLiteral("stormglass"));
    QGuiApplication::setWindowIcon(
        QIcon(QStringLiteral(":/Stormglass/resources/icons/stormglass.png")));
    // Fusion: the same desktop look on every platform, and one that takes our palette.
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
}

QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, PatternSandbox *sandbox,
                             ProjectDocument *document, const QString &startupError, StartPage page,
                             const WindowOptions &options) {
    AppSettings *settings = options.settings ? options.settings : new AppSettings({}, &engine);
    engine.setInitialProperties({
        {QStringLiteral("sandbox"), QVariant::fromValue(sandbox)},
        {QStringLiteral("document"), QVariant::fromValue(document)},
        {QStringLiteral("startPage"), page == StartPage::Sandbox ? 1 : 0},
        {QStringLiteral("version"), applicationVersion()},
        {QStringLiteral("startupError"), startupError},
        {QStringLiteral("offerRecovery"), options.offerRecovery},
        {QStringLiteral("showStartScreen"), options.showStartScreen},
        {QStringLiteral("showTour"), options.showTour},
        {QStringLiteral("settings"), QVariant::fromValue(settings)},
    });
    engine.load(QUrl(QStringLiteral("qrc:/Stormglass/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        std::fputs("stormglass: could not load the main window\n", stderr);
        return nullptr;
    }
    return qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
}

QString saveScreenshot(QQuickWindow *window, const QString &path) {
    const QImage image = window->grabWindow();
    if (image.isNull()) {
        return QStringLiteral("could not grab the window");
    }
    if (!image.save(path, "PNG")) {
        return QStringLiteral("could not write %1").arg(path);
    }
    return {};
}

} // namespace sg::app
