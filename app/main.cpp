// stormglass: the desktop application. Everything but argument handling lives in Stormglass::App.

#include "mainwindow.h"
#include "patternsandbox.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickWindow>
#include <QTimer>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

int main(int argc, char *argv[]) {
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
    parser.addPositionalArgument(QStringLiteral("example"),
                                 QStringLiteral("A sandbox example (*.sandbox.json) to open."),
                                 QStringLiteral("[example]"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a PNG of the window to <file> and quit."),
                                  QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);

    const auto helpText = [&parser] {
        return parser.helpText().replace(QStringLiteral("<executable_name>"),
                                         QStringLiteral("stormglass"));
    };
    if (!parser.parse(arguments) || parser.positionalArguments().size() > 1) {
        const QString error = parser.errorText().isEmpty()
                                  ? QStringLiteral("at most one example file can be opened")
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

    QGuiApplication app(argc, argv);
    sg::app::setUpApplication();

    sg::app::PatternSandbox sandbox;
    QString startupError;
    if (parser.positionalArguments().isEmpty()) {
        (void)sandbox.loadBundledExample(0);
    } else if (!sandbox.loadExample(parser.positionalArguments().constFirst())) {
        startupError = sandbox.message();
        std::fprintf(stderr, "stormglass: %s\n", qPrintable(startupError));
    }
    sandbox.evaluateNow();

    QQmlApplicationEngine engine;
    QQuickWindow *window = sg::app::loadMainWindow(engine, &sandbox, startupError);
    if (!window) {
        return 1;
    }

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        // Give the window time to be exposed and laid out, then render a fresh frame.
        QTimer::singleShot(1500, window, [window, path] {
            const QString error = sg::app::saveScreenshot(window, path);
            if (!error.isEmpty()) {
                std::fprintf(stderr, "stormglass: %s\n", qPrintable(error));
            }
            QCoreApplication::exit(error.isEmpty() ? 0 : 1);
        });
    }
    return QGuiApplication::exec();
}
