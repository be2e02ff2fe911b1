// SPDX-License-Identifier: MIT
#include "TenantPickers.h"

#include <QComboBox>
#include <QJsonArray>

namespace {

void refill(QComboBox *combo, const QList<QJsonObject> &items, const char *textKey, const char *dataKey,
            const QString &none)
{
    const QString previous = combo->currentData().toString();
    QSignalBlocker blocker(combo);
    combo->clear();
    if (!none.isEmpty())
        combo->addItem(none, QString());
    for (const QJsonObject &item : items)
        combo->addItem(item.value(QLatin1String(textKey)).toString(),
                       item.value(QLatin1String(dataKey)).toString());
    const int index = combo->findData(previous);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace

TenantPickers::TenantPickers(QComboBox *application, QComboBox *connection, QComboBox *api, QObject *parent)
    : QObject(parent)
    , m_application(application)
    , m_connection(connection)
    , m_api(api)
{
    for (QComboBox *combo : { m_application, m_connection, m_api })
        connect(combo, &QComboBox::currentIndexChanged, this, &TenantPickers::changed);
}

void TenantPickers::fill(const TenantCatalog &catalog)
{
    QList<QJsonObject> applications;
    for (const QJsonObject &app : catalog.applications) {
        if (app.value(QLatin1String("name")).toString() != QLatin1String("All Applications"))
            applications << app;
    }
    refill(m_application, applications, "name", "client_id", tr("Rulebench Test App (simulated)"));
    refill(m_connection, catalog.connections, "name", "strategy", QString());
    refill(m_api, catalog.apis, "name", "identifier", tr("(none)"));
    m_apis = catalog.apis;
    emit changed();
}

void TenantPickers::selectApi(const QString &identifier)
{
    const int index = m_api->findData(identifier);
    if (index >= 0)
        m_api->setCurrentIndex(index);
}

bool TenantPickers::hasApplication() const
{
    return m_application->currentIndex() > 0;
}

QString TenantPickers::clientId() const
{
    return m_application->currentData().toString();
}

QString TenantPickers::clientName() const
{
    return m_application->currentText();
}

QString TenantPickers::connection() const
{
    return m_connection->currentText();
}

QString TenantPickers::audience() const
{
    return m_api->currentData().toString();
}

QJsonObject TenantPickers::contextOverrides() const
{
    QJsonObject context;
    if (!connection().isEmpty()) {
        context.insert(QStringLiteral("connection"), connection());
        context.insert(QStringLiteral("connectionStrategy"), m_connection->currentData().toString());
    }
    if (!audience().isEmpty()) {
        QStringList scopes { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email") };
        for (const QJsonObject &api : m_apis) {
            if (api.value(QLatin1String("identifier")).toString() == audience()) {
                for (const QJsonValue &scope : api.value(QLatin1String("scopes")).toArray())
                    scopes << scope.toObject().value(QLatin1String("value")).toString();
            }
        }
        context.insert(
            QStringLiteral("request"),
            QJsonObject { { QStringLiteral("query"),
                            QJsonObject { { QStringLiteral("audience"), audience() },
                                          { QStringLiteral("scope"), scopes.join(QLatin1Char(' ')) } } } });
    }
    return context;
}
