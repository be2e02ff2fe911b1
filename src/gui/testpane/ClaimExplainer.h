// SPDX-License-Identifier: MIT
#pragma once

#include "rules/ClaimRules.h"
#include "rules/RuleSource.h"

#include <QJsonObject>
#include <QString>

// Says where each claim of a simulated login's token came from: Auth0's own claims (issuer,
// subject, audience, times, the profile by scope) by their rule in auth0-api.md §3; custom
// claims by the rule of the chain that sets them (TokenMinter::attribute reads the sources,
// as the host reports the context once, after the last rule), else by diffing with what the
// login started with.
class ClaimExplainer
{
public:
    explicit ClaimExplainer(RuleChain chain)
        : m_chain(std::move(chain))
    {
    }

    QString origin(const QString &claim, ClaimRules::Token token) const;

private:
    RuleChain m_chain;
};
