// AppSettings: what the app remembers between runs survives a restart, recent files stay
// ordered and short, and a damaged settings file never stops the app from starting.

#include "appsettings.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using sg::app::AppSettings;

class TestAppSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recentFilesAreNewestFirstWithoutRepeats();
    void onlyTheLastTenAreKeptAndMissingFilesAreNotListed();
    void everythingSurvivesARestart();
    void aDamagedSettingsFileStartsFromDefaults();

private:
    QString touch(const QString &name) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            qWarning("cannot create %s", qPrintable(path));
        }
        return path;
    }
    QString settingsFile() const { return m_dir.filePath(QStringLiteral("settings.json")); }

    QTemporaryDir m_dir;
};

void TestAppSettings::recentFilesAreNewestFirstWithoutRepeats() {
    AppSettings settings(settingsFile());
    QSignalSpy changed(&settings, &AppSettings::recentFilesChanged);
    const QString a = touch(QStringLiteral("a.stormglass"));
    const QString b = touch(QStringLiteral("b.stormglass.json"));
    settings.addRecentFile(a);
    settings.addRecentFile(b);
    settings.addRecentFile(a);
    QCOMPARE(settings.recentFiles(), (QStringList{a, b}));
    QCOMPARE(changed.count(), 3);
    settings.addRecentFile(a); // already first: nothing changes
    QCOMPARE(changed.count(), 3);
    settings.addRecentFile(
        QStringLiteral(":/Stormglass/resources/examples/e-commerce.stormglass.json"));
    QCOMPARE(settings.recentFiles(), (QStringList{a, b}));
    settings.clearRecentFiles();
    QVERIFY(settings.recentFiles().isEmpty());
}

void TestAppSettings::onlyTheLastTenAreKeptAndMissingFilesAreNotListed() {
    AppSettings settings(settingsFile());
    settings.clearRecentFiles();
    QStringList added;
    for (int i = 0; i < 12; ++i) {
        added.prepend(touch(QStringLiteral("m%1.stormglass").arg(i)));
        settings.addRecentFile(added.constFirst());
    }
    QCOMPARE(settings.recentFiles(), added.mid(0, AppSettings::kMaxRecentFiles));
    QFile::remove(added[1]);
    QCOMPARE(settings.recentFiles().size(), AppSettings::kMaxRecentFiles - 1);
    QVERIFY(!settings.recentFiles().contains(added[1]));
}

void TestAppSettings::everythingSurvivesARestart() {
    const QString a = touch(QStringLiteral("kept.stormglass"));
    {
        AppSettings settings(settingsFile());
        settings.clearRecentFiles();
        settings.addRecentFile(a);
        settings.setDarkTheme(true);
        settings.setTourSeen(true);
        settings.setWindowGeometry(QRect(10, 20, 1200, 800), false);
    }
    AppSettings again(settingsFile());
    QCOMPARE(again.recentFiles(), QStringList{a});
    QVERIFY(again.darkTheme());
    QVERIFY(again.tourSeen());
    QCOMPARE(again.windowGeometry(), QRect(10, 20, 1200, 800));
    QVERIFY(!again.windowMaximized());
}

void TestAppSettings::aDamagedSettingsFileStartsFromDefaults() {
    QFile file(settingsFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"recentFiles\": [1, 2, \"tru");
    file.close();
    AppSettings settings(settingsFile());
    QVERIFY(settings.recentFiles().isEmpty());
    QVERIFY(!settings.darkTheme());
    QVERIFY(!settings.tourSeen());
    // The next change writes a good file again.
    settings.setTourSeen(true);
    QVERIFY(AppSettings(settingsFile()).tourSeen());
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
