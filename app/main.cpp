// stormglass: the desktop application. Everything but argument handling lives in Stormglass::App.

#include "core/allocator.h"
#include "mainwindow.h"
#include "patternsandbox.h"
#include "projectdocument.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickWindow>
#include <QTimer>
#include <QUrl>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

int main(int argc, char *argv[]) {
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

    QQmlApplicationEngine engine;
    QQuickWindow *window = sg::app::loadMainWindow(engine, &sandbox, &document, startupError, page);
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
