#include "projecteditor.h"

#include "projectdocument.h"
#include "stringconvert.h"

#include "arch/edits.h"
#include "arch/limits.h"

#include <QLocale>

#include <cmath>
#include <utility>

namespace sg::app {

ProjectEditor::ProjectEditor(QObject *parent) : QObject(parent) {
}

void ProjectEditor::setDocument(ProjectDocument *document) {
    if (m_document == document) {
        return;
    }
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    if (m_document) {
        // An edit, its undo and a newly opened model all announce themselves as new info.
        connect(m_document, &ProjectDocument::infoChanged, this, &ProjectEditor::valuesChanged);
        connect(m_document, &ProjectDocument::projectReplaced, this, &ProjectEditor::clearError);
        connect(m_document, &QObject::destroyed, this, &ProjectEditor::valuesChanged);
    }
    clearError();
    Q_EMIT documentChanged();
    Q_EMIT valuesChanged();
}

int ProjectEditor::accountInvocationQuota() const {
    return m_document ? m_document->project().accountInvocationQuotaPerSecond() : 0;
}

int ProjectEditor::maxAccountInvocationQuota() {
    return model::kMaxAccountInvocationQuotaPerSecond;
}

int ProjectEditor::awsDefaultQuotaLowest() {
    return model::kAwsDefaultAccountInvocationQuotaLowest;
}

int ProjectEditor::awsDefaultQuotaHighest() {
    return model::kAwsDefaultAccountInvocationQuotaHighest;
}

ProjectEditor::Parsed ProjectEditor::parseQuota(const QVariant &value) {
    QString text;
    double number = 0;
    bool ok = false;
    if (value.typeId() == QMetaType::QString) {
        text = value.toString().trimmed();
        if (text.isEmpty()) {
            return {0, {}}; // a cleared field: no quota
        }
        // As the C locale writes it, or with the user's digit grouping ("18,750").
        number = QLocale::c().toDouble(text, &ok);
        if (!ok) {
            number = QLocale().toDouble(text, &ok);
        }
    } else if (value.isValid() && value.canConvert<double>()) {
        text = value.toString();
        number = value.toDouble(&ok);
    }
    // Beyond 2^53 a double no longer holds every whole number; the model refuses far less.
    constexpr double kLargestExact = 9'007'199'254'740'992.0;
    if (!ok || !std::isfinite(number) || std::floor(number) != number ||
        std::fabs(number) > kLargestExact) {
        return {std::nullopt, tr("Account invocation quota must be a whole number of invocations "
                                 "per second, not \u201c%1\u201d")
                                  .arg(text)};
    }
    return {static_cast<std::int64_t>(number), {}};
}

QVariantMap ProjectEditor::checkAccountInvocationQuota(const QVariant &value) const {
    QVariantMap out{{QStringLiteral("valid"), false}, {QStringLiteral("message"), QString()}};
    if (!m_document) {
        out[QStringLiteral("message")] = tr("No model is open");
        return out;
    }
    const Parsed parsed = parseQuota(value);
    if (!parsed.perSecond) {
        out[QStringLiteral("message")] = parsed.refusal;
        return out;
    }
    const Result<model::Command> command =
        model::setAccountInvocationQuota(m_document->project(), *parsed.perSecond);
    if (!command) {
        out[QStringLiteral("message")] = qs(command.error().message);
        return out;
    }
    out[QStringLiteral("valid")] = true;
    return out;
}

bool ProjectEditor::setAccountInvocationQuota(const QVariant &value) {
    const QString key = QString::fromLatin1(kAccountInvocationQuotaKey);
    if (!m_document) {
        setError(key, tr("No model is open"));
        return false;
    }
    const Parsed parsed = parseQuota(value);
    if (!parsed.perSecond) {
        setError(key, parsed.refusal);
        return false;
    }
    Result<model::Command> command =
        model::setAccountInvocationQuota(m_document->project(), *parsed.perSecond);
    if (!command) {
        setError(key, qs(command.error().message));
        return false;
    }
    if (*parsed.perSecond != accountInvocationQuota()) {
        if (const QString refused = m_document->applyOrExplain(std::move(command).value());
            !refused.isEmpty()) {
            setError(key, refused);
            return false;
        }
    }
    if (m_errorKey == key) {
        clearError();
    }
    return true;
}

void ProjectEditor::clearError() {
    setError({}, {});
}

void ProjectEditor::setError(const QString &key, const QString &message) {
    if (key == m_errorKey && message == m_error) {
        return;
    }
    m_errorKey = key;
    m_error = message;
    Q_EMIT errorChanged();
}

} // namespace sg::app
