// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace Base64Url {

inline QByteArray encode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Strict: rejects characters outside the URL-safe alphabet instead of skipping them.
inline bool decode(const QByteArray &text, QByteArray *out)
{
    auto result = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    *out = *result;
    return true;
}

} // namespace Base64Url
