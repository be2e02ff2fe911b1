// SPDX-License-Identifier: MIT
#include "PlanValidation.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace PlanValidation {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PlanValidation", text);
}

} // namespace

QString apiIdentifier(const QString &identifier)
{
    if (identifier.trimmed().isEmpty())
        return tr("Enter the API's identifier, a URI such as https://api.example.com");
    if (identifier.size() > 600)
        return tr("At most 600 characters");
    // An API identifier is a URI by convention (https://api.example.com, urn:example:api).
    static const QRegularExpression space(QStringLiteral("\\s"));
    const QUrl url(identifier, QUrl::StrictMode);
    if (identifier.contains(space) || !url.isValid() || url.scheme().isEmpty()
        || (url.scheme() != QLatin1String("urn") && url.host().isEmpty()))
        return tr("\"%1\" is not a URI such as https://api.example.com").arg(identifier);
    return {};
}

QString apiName(const QString &name)
{
    if (name.size() > 200)
        return tr("At most 200 characters");
    if (name.contains(QLatin1Char('<')) || name.contains(QLatin1Char('>')))
        return tr("The name cannot contain < or >");
    return {};
}

QString scopeValue(const QString &scope)
{
    // Scopes are single tokens (RFC 6749 §3.3); Auth0's convention is verb:resource.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.:\\-/*]{0,279}$"));
    if (scope.isEmpty())
        return tr("Enter a permission such as read:messages");
    if (!pattern.match(scope).hasMatch())
        return tr("\"%1\" is not a permission: one word such as read:messages (letters, digits, _ . : - / *)").arg(scope);
    return {};
}

QString scopeDescription(const QString &description)
{
    return description.size() > 500 ? tr("At most 500 characters") : QString();
}

QString applicationName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return tr("Enter a name for the application");
    if (name.contains(QLatin1Char('<')) || name.contains(QLatin1Char('>')))
        return tr("The name cannot contain < or >");
    return {};
}

QString ruleName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9]([ \\-a-zA-Z0-9]*[a-zA-Z0-9])?$"));
    if (name.isEmpty())
        return tr("Enter a name for the rule");
    if (!pattern.match(name).hasMatch())
        return tr("Letters, digits, spaces and hyphens, not starting or ending with a space or hyphen");
    return {};
}

QString configurationKey(const QString &key)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_\\-@*+:]{1,127}$"));
    if (!pattern.match(key).hasMatch())
        return tr("\"%1\" is not a configuration key (1 to 127 of A-Z a-z 0-9 _ - @ * + :)").arg(key);
    return {};
}

QStringList scopeList(const QStringList &values)
{
    QStringList problems;
    for (int i = 0; i < values.size(); ++i) {
        QString problem = scopeValue(values[i]);
        if (problem.isEmpty() && values.indexOf(values[i]) < i)
            problem = tr("\"%1\" is listed twice").arg(values[i]);
        problems << problem;
    }
    return problems;
}

} // namespace PlanValidation
