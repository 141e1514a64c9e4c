#pragma once
// Recovery: unsaved work survives a crash. Each open document autosaves its model (when it has
// unsaved changes) to a recovery file in the application's data folder; a clean save or a normal
// close removes it. What is left at the next start was left by a crash, and is offered back.

#include "arch/project.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <vector>

namespace sg::app {

class RecoveryFile {
public:
    RecoveryFile();
    ~RecoveryFile(); // a normal close: the recovery file goes
    RecoveryFile(const RecoveryFile &) = delete;
    RecoveryFile &operator=(const RecoveryFile &) = delete;

    // Writes `project` (atomically) with where it belongs; returns an error message, or empty.
    [[nodiscard]] QString write(const sg::model::Project &project, const QString &fileName,
                                const QString &displayName);
    // Removes this document's recovery file (after a save, or when the changes were discarded).
    void discard();
    // For tests: forget the file without removing it, as a crash would.
    void abandon();

    // Where recovery files live.
    [[nodiscard]] static QString folder();

    // A recovery file left by a document that is no longer open.
    struct Entry {
        QString path;        // the recovery model (.stormglass.json)
        QString fileName;    // the file it belongs to; empty for a model never saved
        QString displayName; // what the title bar called it
        QDateTime savedAt;
    };
    // Recovery files whose document is gone (its process ended, or it was abandoned), newest
    // first.
    [[nodiscard]] static std::vector<Entry> leftOver();
    // Removes a left-over entry's files.
    static void remove(const Entry &entry);

private:
    QString m_id;
    bool m_written = false;
};

} // namespace sg::app
