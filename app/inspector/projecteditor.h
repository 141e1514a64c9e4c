#pragma once
// ProjectEditor: the settings of the whole model that the inspector shows when no element is
// selected — the account's invocation quota — each change one undoable command through
// ProjectDocument, each refusal kept beside the field it concerns rather than raised as a dialog.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariant>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <optional>

namespace sg::app {

class ProjectDocument;

class ProjectEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(sg::app::ProjectDocument *document READ document WRITE setDocument NOTIFY
                   documentChanged FINAL)
    // Project::accountInvocationQuotaPerSecond(): invocations per second, 0 when there is none.
    Q_PROPERTY(int accountInvocationQuota READ accountInvocationQuota NOTIFY valuesChanged FINAL)
    // The range a model may set (model/arch/limits.h), and AWS's defaults, which vary by Region.
    Q_PROPERTY(int maxAccountInvocationQuota READ maxAccountInvocationQuota CONSTANT FINAL)
    Q_PROPERTY(int awsDefaultQuotaLowest READ awsDefaultQuotaLowest CONSTANT FINAL)
    Q_PROPERTY(int awsDefaultQuotaHighest READ awsDefaultQuotaHighest CONSTANT FINAL)
    // The last refusal and the key of the setting it concerns; empty after a successful edit of
    // that setting, or when another model is opened.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(QString errorKey READ errorKey NOTIFY errorChanged FINAL)

public:
    // The key of the quota in errorKey (its name in both file forms).
    static constexpr const char *kAccountInvocationQuotaKey = "accountInvocationQuotaPerSecond";

    explicit ProjectEditor(QObject *parent = nullptr);

    [[nodiscard]] ProjectDocument *document() const { return m_document; }
    void setDocument(ProjectDocument *document);
    [[nodiscard]] int accountInvocationQuota() const;
    [[nodiscard]] static int maxAccountInvocationQuota();
    [[nodiscard]] static int awsDefaultQuotaLowest();
    [[nodiscard]] static int awsDefaultQuotaHighest();
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString errorKey() const { return m_errorKey; }

    // Whether `value` (a number, or the text of the field: blank means none) would be accepted
    // as the quota, committing nothing: a map of valid and message.
    Q_INVOKABLE QVariantMap checkAccountInvocationQuota(const QVariant &value) const;
    // Sets the quota to `value` as one undoable command. False, with the refusal in `error`, when
    // it is refused; the current value changes nothing and succeeds.
    Q_INVOKABLE bool setAccountInvocationQuota(const QVariant &value);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void documentChanged();
    void valuesChanged();
    void errorChanged();

private:
    // `value` as a whole number of invocations per second, or why it is not one.
    struct Parsed {
        std::optional<std::int64_t> perSecond;
        QString refusal;
    };
    [[nodiscard]] static Parsed parseQuota(const QVariant &value);
    void setError(const QString &key, const QString &message);

    QPointer<ProjectDocument> m_document;
    QString m_error;
    QString m_errorKey;
};

} // namespace sg::app
