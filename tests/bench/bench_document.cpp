// The path a user waits on when opening and saving in the window: ProjectDocument reads the
// file, lints it, fills the outline and findings, and the canvas derives its scene; a save
// writes the file. The model is `stormglass-cli synth --elements 2000 --stickies 5000`; the
// issue's target is under 200 ms for each (Release). Run:
//   build/release/tests/bench/sg_bench_document --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true

#include "canvas/canvasscene.h"
#include "projectdocument.h"

#include "arch/synth.h"
#include "io/projectfile.h"

#include <QCoreApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>

#include <benchmark/benchmark.h>

namespace {

const sg::model::Project &benchProject() {
    static const sg::model::Project project =
        sg::model::synthesizeProject({.elements = 2000, .stickies = 5000, .seed = 7});
    return project;
}

QTemporaryDir &folder() {
    static QTemporaryDir dir;
    return dir;
}

QString benchFile(const char *name) {
    const QString path = folder().filePath(QString::fromLatin1(name));
    if (!QFile::exists(path)) {
        (void)sg::model::saveProject(benchProject(), path.toStdString());
    }
    return path;
}

void open(benchmark::State &state, const char *name) {
    const QString path = benchFile(name);
    sg::app::ProjectDocument document;
    sg::app::CanvasScene scene;
    for (auto _ : state) {
        if (!document.open(QUrl::fromLocalFile(path))) {
            state.SkipWithError("open failed");
            break;
        }
        scene.rebuild(document.project());
        benchmark::DoNotOptimize(scene.items().data());
    }
    state.counters["elements"] = static_cast<double>(document.project().size());
}

void BM_OpenInTheWindow_Stormglass(benchmark::State &state) {
    open(state, "open.stormglass");
}
BENCHMARK(BM_OpenInTheWindow_Stormglass)->Unit(benchmark::kMillisecond);

void BM_OpenInTheWindow_Json(benchmark::State &state) {
    open(state, "open.stormglass.json");
}
BENCHMARK(BM_OpenInTheWindow_Json)->Unit(benchmark::kMillisecond);

void save(benchmark::State &state, const char *name) {
    const QString path = benchFile(name);
    sg::app::ProjectDocument document;
    if (!document.open(QUrl::fromLocalFile(path))) {
        state.SkipWithError("open failed");
        return;
    }
    for (auto _ : state) {
        if (!document.saveAs(QUrl::fromLocalFile(path))) {
            state.SkipWithError("save failed");
            break;
        }
    }
}

void BM_SaveFromTheWindow_Stormglass(benchmark::State &state) {
    save(state, "save.stormglass");
}
BENCHMARK(BM_SaveFromTheWindow_Stormglass)->Unit(benchmark::kMillisecond);

void BM_SaveFromTheWindow_Json(benchmark::State &state) {
    save(state, "save.stormglass.json");
}
BENCHMARK(BM_SaveFromTheWindow_Json)->Unit(benchmark::kMillisecond);

// One edit as the window makes it (a drag of one element): the command, lint, the outline and
// findings, and the canvas's scene, which follow every command.
void BM_MoveOneElementInTheWindow(benchmark::State &state) {
    sg::app::ProjectDocument document;
    if (!document.open(QUrl::fromLocalFile(benchFile("move.stormglass.json")))) {
        state.SkipWithError("open failed");
        return;
    }
    sg::app::CanvasScene scene;
    const sg::model::ElementId id = sg::model::elementId(document.project().elements()[100]);
    double x = 0;
    for (auto _ : state) {
        x += 20;
        sg::model::MoveElements move;
        move.positions.emplace_back(id, sg::model::Point{x, 0});
        if (!document.apply(sg::model::Command{std::move(move), "Move"})) {
            state.SkipWithError("move refused");
            break;
        }
        scene.rebuild(document.project());
    }
}
BENCHMARK(BM_MoveOneElementInTheWindow)->Unit(benchmark::kMillisecond);

// What every edit costs on top of the command itself: lint and the canvas's scene.
void BM_CanvasSceneRebuild(benchmark::State &state) {
    sg::app::CanvasScene scene;
    for (auto _ : state) {
        scene.rebuild(benchProject());
        benchmark::DoNotOptimize(scene.items().data());
    }
}
BENCHMARK(BM_CanvasSceneRebuild)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // recovery files stay out of the user's folders
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
