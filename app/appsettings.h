#pragma once
// AppSettings: what Stormglass remembers between runs — recent files, the window's geometry,
// the theme, whether the first-run tour was seen — in a small JSON file in the user's config
// folder (QStandardPaths, so tests in test mode never touch a real user's settings).

#include <QObject>
#include <QRect>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace sg::app {

class AppSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application and handed to the main window")

    // Most recent first, at most kMaxRecentFiles, only files that still exist.
    Q_PROPERTY(QStringList recentFiles READ recentFiles NOTIFY recentFilesChanged FINAL)
    Q_PROPERTY(bool darkTheme READ darkTheme WRITE setDarkTheme NOTIFY darkThemeChanged FINAL)
    Q_PROPERTY(bool tourSeen READ tourSeen WRITE setTourSeen NOTIFY tourSeenChanged FINAL)

public:
    static constexpr int kMaxRecentFiles = 10;

    // Reads the settings file; `fileName` overrides where it is (tests).
    explicit AppSettings(const QString &fileName = {}, QObject *parent = nullptr);

    [[nodiscard]] QStringList recentFiles() const;
    [[nodiscard]] bool darkTheme() const { return m_darkTheme; }
    void setDarkTheme(bool dark);
    [[nodiscard]] bool tourSeen() const { return m_tourSeen; }
    void setTourSeen(bool seen);
    [[nodiscard]] QRect windowGeometry() const { return m_geometry; }
    [[nodiscard]] bool windowMaximized() const { return m_maximized; }
    void setWindowGeometry(const QRect &geometry, bool maximized);

    // Puts a file at the top of the recent files (a file opened or saved).
    Q_INVOKABLE void addRecentFile(const QString &path);
    Q_INVOKABLE void clearRecentFiles();

    [[nodiscard]] QString fileName() const { return m_fileName; }

Q_SIGNALS:
    void recentFilesChanged();
    void darkThemeChanged();
    void tourSeenChanged();

private:
    void save() const;

    QString m_fileName;
    QStringList m_recent;
    bool m_darkTheme = false;
    bool m_tourSeen = false;
    QRect m_geometry;
    bool m_maximized = false;
};

} // namespace sg::app
