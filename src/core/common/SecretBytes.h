// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

// A secret (client secret, token) in memory: wiped when destroyed, never converted to QString
// implicitly, never printed. Use reveal() only at the point where the bytes leave the process
// (an HTTP body, the keychain).
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(QByteArray bytes) : m_bytes(std::move(bytes)) { m_bytes.detach(); }
    SecretBytes(const SecretBytes &other) : m_bytes(other.m_bytes) { m_bytes.detach(); }
    SecretBytes &operator=(const SecretBytes &other)
    {
        if (this != &other) {
            wipe();
            m_bytes = other.m_bytes;
            m_bytes.detach();
        }
        return *this;
    }
    ~SecretBytes() { wipe(); }

    static SecretBytes fromUtf8(const QByteArray &utf8) { return SecretBytes(utf8); }

    bool isEmpty() const { return m_bytes.isEmpty(); }
    int size() const { return int(m_bytes.size()); }
    const QByteArray &reveal() const { return m_bytes; }
    bool operator==(const SecretBytes &other) const { return m_bytes == other.m_bytes; }

    void wipe()
    {
        if (!m_bytes.isEmpty() && !m_bytes.isDetached())
            m_bytes.detach(); // never scribble over a buffer someone else still reads
        volatile char *p = m_bytes.data();
        for (qsizetype i = 0; i < m_bytes.size(); ++i)
            p[i] = 0;
        m_bytes.clear();
    }

private:
    QByteArray m_bytes;
};
