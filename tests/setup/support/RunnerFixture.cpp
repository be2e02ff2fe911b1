// SPDX-License-Identifier: MIT
#include "RunnerFixture.h"

#include "Plans.h"
#include "common/Clock.h"

#include <QTimer>

void UnavailableSecretStore::fail(QObject *context, Callback done)
{
    QTimer::singleShot(0, context, [done] {
        done({Status::NoKeychain,
              QStringLiteral("no keychain is reachable (install and start gnome-keyring, KWallet or KeePassXC's Secret Service): "
                             "Could not connect: No such file or directory"),
              {}});
    });
}

RunnerFixture::RunnerFixture(LocalTenant::Options options) : m_tenant(options)
{
    m_journal = SetupJournal::open(journalPath(), &m_journalError);
}

bool RunnerFixture::isReady(QString *why) const
{
    if (!m_tenant.isRunning())
        *why = m_tenant.startError();
    else if (!m_dir.isValid())
        *why = m_dir.errorString();
    else if (!m_journal)
        *why = m_journalError;
    return why->isEmpty();
}

ManagementClient::Options RunnerFixture::quickOptions(int timeoutMs)
{
    ManagementClient::Options options;
    options.timeoutMs = timeoutMs;
    options.backoffBaseMs = 10;
    options.maxRetryWaitMs = 100;
    options.maxRateLimitRetries = 8;
    options.maxServerErrorRetries = 3;
    return options;
}

std::unique_ptr<RunnerFixture::Run> RunnerFixture::runner(const SetupPlan &plan, SecretStore *secrets,
                                                          ManagementClient::Options options)
{
    auto run = std::make_unique<Run>();
    run->client = std::make_unique<ManagementClient>(&m_network, m_tenant.access(), Clock::system(), options);
    run->runner = std::make_unique<SetupRunner>(*run->client, secrets ? *secrets : m_secrets, *m_journal, plan, m_tenant.domain());
    QObject::connect(run->runner.get(), &SetupRunner::logLine, run->runner.get(),
                     [log = &run->log](const QString &line) { log->append(line); });
    return run;
}

SetupPlan RunnerFixture::plan(const QJsonObject &changes, QStringList *problems)
{
    QJsonObject json = Plans::forTenant(m_tenant.baseUrl());
    for (auto it = changes.begin(); it != changes.end(); ++it)
        json = it.value().isNull() ? Plans::without(json, it.key()) : Plans::with(json, it.key(), it.value());
    return Plans::parse(json, problems);
}
