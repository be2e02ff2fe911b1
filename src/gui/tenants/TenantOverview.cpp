// SPDX-License-Identifier: MIT
#include "TenantOverview.h"

#include "common/ManagementWorker.h"
#include "management/ManagementClient.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QJsonArray fetch(ManagementClient &client, const QString &path, const QString &key, QStringList *errors)
{
    const auto result = client.listAll(path, key);
    if (!result.isOk()) {
        // A tenant without Rules (or a token without the scope) still shows the rest.
        errors->append(result.error().message);
        return {};
    }
    QJsonArray array;
    for (const QJsonObject &item : result.value())
        array.append(item);
    return array;
}

} // namespace

TenantOverview::TenantOverview(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("overviewStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("overviewTreeWidget"));
    m_tree->setHeaderLabels({tr("Name"), tr("Identifier"), tr("Details")});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->setAccessibleName(tr("Tenant overview"));
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_tree);
}

void TenantOverview::clear(const QString &message)
{
    ++m_generation;
    m_tree->clear();
    m_statusLabel->setText(message);
}

void TenantOverview::load(ManagementWorker &worker)
{
    const int generation = ++m_generation;
    m_statusLabel->setText(tr("Loading…"));
    worker.run<QJsonObject>(this, [](ManagementClient &client) {
        QStringList errors;
        QJsonObject snapshot{
            {QStringLiteral("apis"), fetch(client, QStringLiteral("/resource-servers"), QStringLiteral("resource_servers"), &errors)},
            {QStringLiteral("applications"), fetch(client, QStringLiteral("/clients?app_type=non_interactive"), QStringLiteral("clients"), &errors)},
            {QStringLiteral("grants"), fetch(client, QStringLiteral("/client-grants"), QStringLiteral("client_grants"), &errors)},
        };
        // A post-EOL tenant refuses Rules with a 403 naming the deprecated feature.
        QStringList ruleErrors;
        snapshot.insert(QStringLiteral("rules"), fetch(client, QStringLiteral("/rules"), QStringLiteral("rules"), &ruleErrors));
        const bool rulesGone = !ruleErrors.isEmpty() && ruleErrors.first().contains(QLatin1String("deprecated"), Qt::CaseInsensitive);
        snapshot.insert(QStringLiteral("rules_accepted"), !rulesGone);
        if (!rulesGone)
            errors += ruleErrors;
        snapshot.insert(QStringLiteral("errors"), QJsonArray::fromStringList(errors));
        return snapshot;
    }, [this, generation](const QJsonObject &snapshot) {
        if (generation == m_generation)
            show(snapshot);
    });
}

void TenantOverview::show(const QJsonObject &snapshot)
{
    m_snapshot = snapshot;
    m_tree->clear();
    const auto section = [this](const QString &title, const QJsonArray &items, auto describe) {
        auto *top = new QTreeWidgetItem(m_tree, {QStringLiteral("%1 (%2)").arg(title).arg(items.size())});
        for (const QJsonValue &value : items)
            new QTreeWidgetItem(top, describe(value.toObject()));
        top->setExpanded(true);
    };
    section(tr("APIs"), snapshot.value(QLatin1String("apis")).toArray(), [](const QJsonObject &api) {
        QStringList scopes;
        for (const QJsonValue &scope : api.value(QLatin1String("scopes")).toArray())
            scopes << scope.toObject().value(QLatin1String("value")).toString();
        return QStringList{api.value(QLatin1String("name")).toString(), api.value(QLatin1String("identifier")).toString(),
                           api.value(QLatin1String("is_system")).toBool() ? tr("system") : scopes.join(QLatin1Char(' '))};
    });
    section(tr("M2M applications"), snapshot.value(QLatin1String("applications")).toArray(), [](const QJsonObject &client) {
        return QStringList{client.value(QLatin1String("name")).toString(), client.value(QLatin1String("client_id")).toString(), QString()};
    });
    QHash<QString, QString> clientNames;
    for (const QJsonValue &client : snapshot.value(QLatin1String("applications")).toArray())
        clientNames.insert(client.toObject().value(QLatin1String("client_id")).toString(), client.toObject().value(QLatin1String("name")).toString());
    section(tr("Grants"), snapshot.value(QLatin1String("grants")).toArray(), [&clientNames](const QJsonObject &grant) {
        QStringList scopes;
        for (const QJsonValue &scope : grant.value(QLatin1String("scope")).toArray())
            scopes << scope.toString();
        const QString clientId = grant.value(QLatin1String("client_id")).toString();
        return QStringList{clientNames.value(clientId, clientId), grant.value(QLatin1String("audience")).toString(),
                           scopes.join(QLatin1Char(' '))};
    });
    section(tr("Rules"), snapshot.value(QLatin1String("rules")).toArray(), [](const QJsonObject &rule) {
        return QStringList{rule.value(QLatin1String("name")).toString(), rule.value(QLatin1String("id")).toString(),
                           rule.value(QLatin1String("enabled")).toBool() ? tr("enabled, order %1").arg(rule.value(QLatin1String("order")).toDouble())
                                                                       : tr("disabled")};
    });
    const QJsonArray errors = snapshot.value(QLatin1String("errors")).toArray();
    m_statusLabel->setText(errors.isEmpty() ? QString() : errors.first().toString());
    emit loaded(snapshot);
}
