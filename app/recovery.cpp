#include "recovery.h"

#include "io/projectfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>

#include <signal.h>

namespace sg::app {

namespace {

// Recovery files of documents open in this process, which are never offered back.
QMutex liveMutex;
QSet<QString> &liveIds() {
    static QSet<QString> ids;
    return ids;
}

bool processAlive(qint64 pid) {
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

} // namespace

QString RecoveryFile::folder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/recovery");
}

RecoveryFile::RecoveryFile() : m_id(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    const QMutexLocker lock(&liveMutex);
    liveIds().insert(m_id);
}

RecoveryFile::~RecoveryFile() {
    discard();
    const QMutexLocker lock(&liveMutex);
    liveIds().remove(m_id);
}

QString RecoveryFile::write(const sg::model::Project &project, const QString &fileName,
                            const QString &displayName) {
    const QString dir = folder();
    if (!QDir().mkpath(dir)) {
        return QStringLiteral("cannot create %1").arg(dir);
    }
    const QString model = dir + u'/' + m_id + QStringLiteral(".stormglass.json");
    const sg::Result<bool> saved = sg::model::saveProject(project, model.toStdString());
    if (!saved) {
        return QString::fromStdString(saved.error().message);
    }
    QJsonObject meta{
        {QStringLiteral("file"), fileName},
        {QStringLiteral("displayName"), displayName},
        {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()}};
    QSaveFile out(dir + u'/' + m_id + QStringLiteral(".json"));
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(meta).toJson()) < 0 ||
        !out.commit()) {
        return out.errorString();
    }
    m_written = true;
    return {};
}

void RecoveryFile::discard() {
    if (!m_written) {
        return;
    }
    const QString base = folder() + u'/' + m_id;
    QFile::remove(base + QStringLiteral(".stormglass.json"));
    QFile::remove(base + QStringLiteral(".json"));
    m_written = false;
}

void RecoveryFile::abandon() {
    m_written = false;
    const QMutexLocker lock(&liveMutex);
    liveIds().remove(m_id);
    m_id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    liveIds().insert(m_id);
}

std::vector<RecoveryFile::Entry> RecoveryFile::leftOver() {
    std::vector<Entry> entries;
    const QDir dir(folder());
    const QStringList metas = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString &name : metas) {
        if (name.endsWith(QLatin1String(".stormglass.json"))) {
            continue;
        }
        const QString id = name.chopped(5);
        {
            const QMutexLocker lock(&liveMutex);
            if (liveIds().contains(id)) {
                continue;
            }
        }
        QFile in(dir.filePath(name));
        if (!in.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QJsonObject meta = QJsonDocument::fromJson(in.readAll()).object();
        const qint64 pid = meta.value(QStringLiteral("pid")).toInteger();
        if (pid != QCoreApplication::applicationPid() && processAlive(pid)) {
            continue; // another Stormglass that is still running
        }
        const QString model = dir.filePath(id + QStringLiteral(".stormglass.json"));
        if (!QFileInfo::exists(model)) {
            continue;
        }
        entries.push_back(
            {model, meta.value(QStringLiteral("file")).toString(),
             meta.value(QStringLiteral("displayName")).toString(),
             QDateTime::fromString(meta.value(QStringLiteral("savedAt")).toString(), Qt::ISODate)});
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry &a, const Entry &b) { return a.savedAt > b.savedAt; });
    return entries;
}

void RecoveryFile::remove(const Entry &entry) {
    QFile::remove(entry.path);
    QString meta = entry.path;
    meta.chop(static_cast<qsizetype>(QStringLiteral(".stormglass.json").size()));
    QFile::remove(meta + QStringLiteral(".json"));
}

} // namespace sg::app
