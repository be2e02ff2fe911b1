// SPDX-License-Identifier: MIT
#include "LiveLogin.h"

#include "common/Clock.h"
#include "net/AuthenticationClient.h"

#include <memory>

void PasswordRealmLogin::passwordRealm(const LiveLoginRequest &request, QObject *context, Callback done)
{
    auto client = std::make_shared<AuthenticationClient>(m_network, request.tenantUrl, Clock::system());
    client->setTimeoutMs(60000); // the tenant runs its whole rule chain first (Auth0: ~20 s)
    client->passwordRealm(request.username, request.password, request.realm, request.clientId,
                          request.clientSecret, request.audience, request.scope, context,
                          [client, done](const ApiResult<TokenResponse> &reply) {
                              LiveLoginResult result;
                              result.ok = reply.isOk();
                              result.httpStatus = reply.isOk() ? 200 : reply.error().httpStatus;
                              if (!reply.isOk()) {
                                  result.error = reply.error().code.isEmpty() ? QStringLiteral("no_answer")
                                                                              : reply.error().code;
                                  result.errorDescription = reply.error().message;
                              } else {
                                  result.idToken = reply.value().idToken;
                                  result.accessToken = reply.value().accessToken.reveal();
                              }
                              done(result);
                          });
}
