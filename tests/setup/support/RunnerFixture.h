// SPDX-License-Identifier: MIT
#pragma once

#include "TenantHarness.h"
#include "management/ManagementClient.h"
#include "secrets/MemorySecretStore.h"
#include "setup/SetupJournal.h"
#include "setup/SetupRunner.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <memory>

// A SecretStore that fails every job the way KeychainSecretStore does without a Secret
// Service: for the keychain step's failure.
class UnavailableSecretStore : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;
    void write(const QString &, const SecretBytes &, QObject *context, Callback done) override { fail(context, done); }
    void read(const QString &, QObject *context, Callback done) override { fail(context, done); }
    void remove(const QString &, QObject *context, Callback done) override { fail(context, done); }
    QString description() const override { return tr("no keychain"); }

private:
    void fail(QObject *context, Callback done);
};

// What a SetupRunner test needs around one tenant: a journal in a temporary folder, a
// session-only secret store, and runners that each get their own ManagementClient (the
// runner hands the client its cancel flag), with small back-off so that retries are quick.
class RunnerFixture
{
public:
    explicit RunnerFixture(LocalTenant::Options options = {});

    bool isReady(QString *why) const;
    TenantHarness &tenant() { return m_tenant; }
    SetupJournal &journal() { return *m_journal; }
    MemorySecretStore &secrets() { return m_secrets; }
    QString journalPath() const { return m_dir.filePath(QStringLiteral("journal.sqlite")); }

    static ManagementClient::Options quickOptions(int timeoutMs = 5000);
    // DESIGN.md's example plan for this tenant, with some values changed (a null value removes
    // the key); the problems if the result is not a valid plan.
    SetupPlan plan(const QJsonObject &changes, QStringList *problems);

    struct Run
    {
        std::unique_ptr<ManagementClient> client;
        std::unique_ptr<SetupRunner> runner;
        QStringList log;
    };
    // A runner for `plan` on this tenant; its logLine()s are collected in Run::log.
    std::unique_ptr<Run> runner(const SetupPlan &plan, SecretStore *secrets = nullptr,
                                ManagementClient::Options options = quickOptions());

private:
    TenantHarness m_tenant;
    QTemporaryDir m_dir;
    QString m_journalError;
    std::unique_ptr<SetupJournal> m_journal;
    MemorySecretStore m_secrets;
    QNetworkAccessManager m_network;
};

// In a test function: stop unless the fixture came up.
#define FIXTURE_READY(fixture)                                                                           \
    do {                                                                                                 \
        QString why_;                                                                                    \
        QVERIFY2((fixture).isReady(&why_), qPrintable(why_));                                            \
    } while (false)

// In a test function: `const SetupPlan name` from fixture.plan(changes), stopping if invalid.
#define FIXTURE_PLAN(name, fixture, changes)                                                             \
    QStringList name##Problems_;                                                                         \
    const SetupPlan name = (fixture).plan(changes, &name##Problems_);                                    \
    QVERIFY2(name##Problems_.isEmpty(), qPrintable(name##Problems_.join(QLatin1Char('\n'))))
