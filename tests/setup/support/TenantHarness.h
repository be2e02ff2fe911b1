// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"
#include "management/ManagementClient.h"
#include "net/BlockingHttp.h"
#include "tenant/LocalTenant.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QStringList>

#include <memory>

// Everything the Management API lists, as a test compares it before and after a run.
struct TenantSnapshot
{
    bool ok = false;
    QString error;
    QList<QJsonObject> resourceServers, clients, clientGrants, rules, actions; // no rules on a tenant without Rules
    QStringList configurationKeys;

    QList<QJsonObject> resourceServersWithIdentifier(const QString &identifier) const;
    QList<QJsonObject> clientsNamed(const QString &name) const;
    QList<QJsonObject> grantsFor(const QString &clientId, const QString &audience) const;
    QList<QJsonObject> rulesNamed(const QString &name) const;
    QList<QJsonObject> actionsNamed(const QString &name) const;
    // "resource_servers: id1 id2; clients: …": equal for equal tenants, readable in a failure.
    QString idsText() const;
};

// An in-process LocalTenant on an ephemeral loopback port, with a ManagementClient of its own
// (management credentials, token fetched at once so that later injected faults on /oauth/token
// do not touch it) for reading back what a run did, and for the fault injector.
class TenantHarness
{
public:
    explicit TenantHarness(LocalTenant::Options options = {});
    // A tenant in another process (`rulebench-cli serve`), reached with its management client.
    TenantHarness(const QString &baseUrl, const ManagementCredentials &credentials);

    bool isRunning() const { return m_startError.isEmpty(); }
    QString startError() const { return m_startError; }
    QString domain() const { return QUrl(m_baseUrl).authority(); }
    QString baseUrl() const { return m_baseUrl; }
    ManagementAccess access() const;
    QNetworkAccessManager *network() { return &m_network; }
    ManagementClient &client() { return *m_client; }

    // POST /rulebench/faults; false with *error when the tenant refused them.
    bool injectFaults(const QJsonArray &faults, QString *error = nullptr);
    bool clearFaults();
    // GET /rulebench/faults: what is still armed, with the remaining counts.
    QJsonArray armedFaults();

    TenantSnapshot snapshot();
    // The full client, secret included (the management client may read client keys).
    QJsonObject clientWithSecret(const QString &clientId);
    // A value of the rules configuration, read from the tenant's store: the Management API
    // never returns them (write-only), and only this in-process read can show what was set.
    // Empty for a tenant in another process.
    QString configurationValue(const QString &key);
    // The same for an Action's secret (also write-only).
    QString actionSecretValue(const QString &actionId, const QString &name);
    // How often the Action is bound to the post-login trigger.
    int postLoginBindingsOf(const QString &actionId);
    // client_credentials at /oauth/token.
    BlockingHttp::Response requestToken(const QString &clientId, const QByteArray &clientSecret, const QString &audience);

private:
    void connect();

    std::unique_ptr<LocalTenant> m_local;
    QString m_baseUrl;
    ManagementCredentials m_credentials;
    QString m_startError;
    bool m_rulesAvailable = true;
    QNetworkAccessManager m_network;
    std::unique_ptr<ManagementClient> m_client;
    QByteArray m_token; // a management token for /rulebench/faults
};
