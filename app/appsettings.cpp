#include "appsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace sg::app {

AppSettings::AppSettings(const QString &fileName, QObject *parent)
    : QObject(parent),
      m_fileName(fileName.isEmpty()
                     ? QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                           QStringLiteral("/settings.json")
                     : fileName) {
    QFile in(m_fileName);
    if (!in.open(QIODevice::ReadOnly)) {
        return; // first run, or nothing saved yet
    }
    // A damaged settings file is ignored (and replaced at the next save): settings are a
    // convenience, never a reason not to start.
    const QJsonObject json = QJsonDocument::fromJson(in.readAll()).object();
    for (const QJsonValue &value : json.value(QStringLiteral("recentFiles")).toArray()) {
        if (value.isString() && m_recent.size() < kMaxRecentFiles) {
            m_recent.append(value.toString());
        }
    }
    m_darkTheme = json.value(QStringLiteral("darkTheme")).toBool();
    m_tourSeen = json.value(QStringLiteral("tourSeen")).toBool();
    const QJsonArray rect = json.value(QStringLiteral("windowGeometry")).toArray();
    if (rect.size() == 4) {
        m_geometry = QRect(rect[0].toInt(), rect[1].toInt(), rect[2].toInt(), rect[3].toInt());
    }
    m_maximized = json.value(QStringLiteral("windowMaximized")).toBool();
}

QStringList AppSettings::recentFiles() const {
    QStringList existing;
    for (const QString &path : m_recent) {
        if (QFileInfo(path).isFile()) {
            existing.append(path);
        }
    }
    return existing;
}

void AppSettings::setDarkTheme(bool dark) {
    if (dark != m_darkTheme) {
        m_darkTheme = dark;
        save();
        Q_EMIT darkThemeChanged();
    }
}

void AppSettings::setTourSeen(bool seen) {
    if (seen != m_tourSeen) {
        m_tourSeen = seen;
        save();
        Q_EMIT tourSeenChanged();
    }
}

void AppSettings::setWindowGeometry(const QRect &geometry, bool maximized) {
    m_geometry = geometry;
    m_maximized = maximized;
    save();
}

void AppSettings::addRecentFile(const QString &path) {
    if (path.isEmpty() || path.startsWith(QLatin1String(":/"))) {
        return;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!m_recent.isEmpty() && m_recent.constFirst() == absolute) {
        return;
    }
    m_recent.removeAll(absolute);
    m_recent.prepend(absolute);
    while (m_recent.size() > kMaxRecentFiles) {
        m_recent.removeLast();
    }
    save();
    Q_EMIT recentFilesChanged();
}

void AppSettings::clearRecentFiles() {
    if (!m_recent.isEmpty()) {
        m_recent.clear();
        save();
        Q_EMIT recentFilesChanged();
    }
}

void AppSettings::save() const {
    QDir().mkpath(QFileInfo(m_fileName).absolutePath());
    QJsonObject json{{QStringLiteral("recentFiles"), QJsonArray::fromStringList(m_recent)},
                     {QStringLiteral("darkTheme"), m_darkTheme},
                     {QStringLiteral("tourSeen"), m_tourSeen},
                     {QStringLiteral("windowMaximized"), m_maximized}};
    if (m_geometry.isValid()) {
        json.insert(
            QStringLiteral("windowGeometry"),
            QJsonArray{m_geometry.x(), m_geometry.y(), m_geometry.width(), m_geometry.height()});
    }
    QSaveFile out(m_fileName);
    if (out.open(QIODevice::WriteOnly)) {
        out.write(QJsonDocument(json).toJson());
        (void)out.commit(); // a settings file that cannot be written is not worth an error
    }
}

} // namespace sg::app
