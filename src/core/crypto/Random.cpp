// SPDX-License-Identifier: MIT
#include "Random.h"

#include <QUuid>
#include <openssl/rand.h>

#include <stdexcept>

namespace Random {

QByteArray bytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return out;
}

QString alphanumeric(int length)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static constexpr int alphabetSize = sizeof(alphabet) - 1; // 62
    QString out;
    out.reserve(length);
    while (out.size() < length) {
        const QByteArray chunk = bytes(length * 2);
        for (char c : chunk) {
            const auto v = static_cast<unsigned char>(c);
            if (v >= 248) // 248 = 4 * 62: reject to keep the distribution uniform
                continue;
            out.append(QLatin1Char(alphabet[v % alphabetSize]));
            if (out.size() == length)
                break;
        }
    }
    return out;
}

QString hex(int length)
{
    return QString::fromLatin1(bytes((length + 1) / 2).toHex().left(length));
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace Random
