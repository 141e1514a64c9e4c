// stormglass: the desktop application. Everything but argument handling lives in Stormglass::App.

#include "appsettings.h"
#include "canvas/canvasview.h"
#include "core/allocator.h"
#include "framebench.h"
#include "mainwindow.h"
#include "patternsandbox.h"
#include "projectdocument.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickWindow>
#include <QScreen>
#include <QSize>
#include <QUrl>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

int main(int argc, char *argv[]) {
    QElapsedTimer sinceStart;
    sinceStart.start();
    sg::tuneAllocator();
    // Arguments are read before QGuiApplication exists, so --help and --version work without a
    // display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Event storming and EventBridge architecture simulation."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral(
            "A model (*.stormglass, *.stormglass.json) or a Pattern sandbox example "
            "(*.sandbox.json) to open. Without one, the bundled e-commerce model opens."),
        QStringLiteral("[file]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Open the file, zoom the board to fit, save a PNG of the window to <png> "
                       "and quit."),
        QStringLiteral("png"));
    parser.addOption(screenshot);
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("The window's size for --screenshot (default "
                                                 "1600x1000)."),
                                  QStringLiteral("WxH"));
    parser.addOption(size);
    const QCommandLineOption board(
        QStringLiteral("board"),
        QStringLiteral("What the board shows: everything (default), event-storming (stickies on "
                       "a timeline) or architecture."),
        QStringLiteral("mode"));
    parser.addOption(board);
    const QCommandLineOption select(QStringLiteral("select"),
                                    QStringLiteral("Select the element with this id (the "
                                                   "inspector shows it)."),
                                    QStringLiteral("id"));
    parser.addOption(select);
    const QCommandLineOption frameBench(
        QStringLiteral("frame-bench"),
        QStringLiteral("Open the file in a 1600x1000 window, pan and zoom the board for "
                       "--seconds after a 2 s warm-up, print the frame times as one JSON line "
                       "and quit."));
    parser.addOption(frameBench);
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("How long --frame-bench measures (default "
                                                    "10)."),
                                     QStringLiteral("S"));
    parser.addOption(seconds);

    const auto helpText = [&parser] {
        return parser.helpText().replace(QStringLiteral("<executable_name>"),
                                         QStringLiteral("stormglass"));
    };
    if (!parser.parse(arguments) || parser.positionalArguments().size() > 1) {
        const QString error = parser.errorText().isEmpty()
                                  ? QStringLiteral("at most one file can be opened")
                                  : parser.errorText();
        std::fprintf(stderr, "stormglass: %s\n%s", qPrintable(error), qPrintable(helpText()));
        return 2;
    }
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        std::fputs(qPrintable(helpText()), stdout);
        return 0;
    }
    if (parser.isSet(version)) {
        std::printf("stormglass %s\n", qPrintable(sg::app::applicationVersion()));
        return 0;
    }

    double benchSeconds = 10;
    if (parser.isSet(seconds)) {
        bool ok = false;
        benchSeconds = parser.value(seconds).toDouble(&ok);
        if (!ok || !(benchSeconds > 0) || benchSeconds > 3600) {
            std::fprintf(stderr,
                         "stormglass: --seconds takes a number of seconds from 0 to 3600, "
                         "not '%s'\n",
                         qPrintable(parser.value(seconds)));
            return 2;
        }
    }
    QSize windowSize(1600, 1000);
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        bool okW = false;
        bool okH = false;
        const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
        const int h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 320 || h < 240 || w > 8192 || h > 8192) {
            std::fprintf(stderr,
                         "stormglass: --size takes WIDTHxHEIGHT between 320x240 and "
                         "8192x8192, not '%s'\n",
                         qPrintable(parser.value(size)));
            return 2;
        }
        windowSize = QSize(w, h);
    }
    int boardMode = 0;
    if (parser.isSet(board)) {
        const QStringList modes{QStringLiteral("everything"), QStringLiteral("event-storming"),
                                QStringLiteral("architecture")};
        boardMode = static_cast<int>(modes.indexOf(parser.value(board)));
        if (boardMode < 0) {
            std::fprintf(stderr,
                         "stormglass: --board takes everything, event-storming or "
                         "architecture, not '%s'\n",
                         qPrintable(parser.value(board)));
            return 2;
        }
    }
    const bool measuring = parser.isSet(frameBench) || parser.isSet(screenshot);
    if (measuring && parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "stormglass: --frame-bench and --screenshot need a model file\n");
        return 2;
    }

    QGuiApplication app(argc, argv);
    sg::app::setUpApplication();

    sg::app::PatternSandbox sandbox;
    sg::app::ProjectDocument document;
    QString startupError;
    sg::app::StartPage page = sg::app::StartPage::Model;
    const QString file = parser.positionalArguments().isEmpty()
                             ? QString()
                             : parser.positionalArguments().constFirst();
    const auto openDefaultModel = [&document] {
        if (!document.openBundledExample(QString::fromLatin1(sg::app::kDefaultExampleModel))) {
            std::fprintf(stderr, "stormglass: %s\n", qPrintable(document.errorMessage()));
        }
    };
    if (file.endsWith(QLatin1String(".sandbox.json"))) {
        page = sg::app::StartPage::Sandbox;
        if (!sandbox.loadExample(file)) {
            startupError = sandbox.message();
            std::fprintf(stderr, "stormglass: %s\n", qPrintable(startupError));
        }
        openDefaultModel();
    } else {
        (void)sandbox.loadBundledExample(0);
        if (file.isEmpty()) {
            openDefaultModel();
        } else if (!document.open(QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath()))) {
            startupError = document.errorMessage();
            std::fprintf(stderr, "stormglass: %s\n", qPrintable(startupError));
        }
    }
    sandbox.evaluateNow();

    sg::app::AppSettings settings; // outlives the engine whose window uses it
    sg::app::WindowOptions options;
    options.offerRecovery = !measuring;
    options.showStartScreen = !measuring && file.isEmpty() && startupError.isEmpty();
    options.showTour = !measuring && !settings.tourSeen();
    options.settings = &settings;
    QQmlApplicationEngine engine;
    QQuickWindow *window =
        sg::app::loadMainWindow(engine, &sandbox, &document, startupError, page, options);
    if (!window) {
        return 1;
    }

    if (!measuring) {
        // The window comes back where it was, if that is still on a screen.
        const QRect geometry = settings.windowGeometry();
        if (geometry.isValid() && window->screen() &&
            window->screen()->availableVirtualGeometry().intersects(geometry)) {
            window->setGeometry(geometry);
        }
        if (settings.windowMaximized()) {
            window->showMaximized();
        }
        QObject::connect(&app, &QCoreApplication::aboutToQuit, &settings, [&settings, window] {
            const bool maximized = window->visibility() == QWindow::Maximized;
            settings.setWindowGeometry(maximized ? settings.windowGeometry() : window->geometry(),
                                       maximized);
        });
    }
    if (measuring) {
        if (!startupError.isEmpty()) {
            return 2; // the file did not open; the reason is printed above
        }
        window->resize(parser.isSet(frameBench) ? QSize(1600, 1000) : windowSize);
    }
    if (parser.isSet(select)) {
        document.select(parser.value(select));
        if (document.selectedId().isEmpty()) {
            std::fprintf(stderr, "stormglass: the model has no element '%s'\n",
                         qPrintable(parser.value(select)));
        }
    }
    if (boardMode > 0) {
        if (sg::app::CanvasView *canvas = sg::app::findCanvas(window)) {
            canvas->setBoardMode(static_cast<sg::app::CanvasView::BoardMode>(boardMode));
        }
    }
    if (parser.isSet(frameBench)) {
        sg::app::startFrameBench(window, benchSeconds, sinceStart);
    } else if (parser.isSet(screenshot)) {
        sg::app::startScreenshot(window, parser.value(screenshot));
    }
    return QGuiApplication::exec();
}
