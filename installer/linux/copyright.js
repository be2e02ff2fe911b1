// SPDX-License-Identifier: MIT
// Writes Debian's machine-readable copyright file (DEP-5): the project's header and `Files: *`
// paragraph, one paragraph per npm module the rule host ships (license from its package.json
// or, failing that, its LICENSE file; copyright lines from its LICENSE file), and the license
// texts those paragraphs name. An unknown license fails the build: someone must read it.
//
// Usage: node copyright.js COPYRIGHT.in LICENSES.txt NODE_MODULES INSTALLED_PATH OUTPUT
'use strict';
const fs = require('fs');
const path = require('path');

const [headerFile, licensesFile, modulesDir, installedPath, outputFile] = process.argv.slice(2);
if (!outputFile) {
    console.error('usage: node copyright.js COPYRIGHT.in LICENSES.txt NODE_MODULES INSTALLED_PATH OUTPUT');
    process.exit(2);
}

// npm's SPDX ids -> DEP-5 short names (DEP-5 calls the MIT license "Expat").
const dep5Names = {
    'MIT': 'Expat', 'ISC': 'ISC', 'Apache-2.0': 'Apache-2.0', 'Unlicense': 'Unlicense',
    'BSD-2-Clause': 'BSD-2-clause', 'BSD-3-Clause': 'BSD-3-clause',
};

function licenseTexts() {
    const texts = new Map();
    for (const paragraph of fs.readFileSync(licensesFile, 'utf8').split(/\n\s*\n(?=License:)/)) {
        const name = /^License: (\S+)/.exec(paragraph)[1];
        texts.set(name, paragraph.trimEnd());
    }
    return texts;
}

function licenseFiles(dir) {
    return fs.readdirSync(dir).filter((name) => /^(licen[cs]e|copying)/i.test(name))
        .map((name) => path.join(dir, name)).filter((file) => fs.statSync(file).isFile());
}

// The SPDX id a module declares; old package.json files use "licenses": [{type}], a few
// declare nothing and say it in LICENSE only.
function declaredLicense(dir, pkg) {
    if (typeof pkg.license === 'string')
        return pkg.license;
    if (pkg.license && pkg.license.type)
        return pkg.license.type;
    if (Array.isArray(pkg.licenses) && pkg.licenses.length === 1)
        return pkg.licenses[0].type;
    for (const file of licenseFiles(dir)) {
        const text = fs.readFileSync(file, 'utf8');
        if (/^\s*(the )?MIT License/i.test(text) || /Permission is hereby granted, free of charge/.test(text))
            return 'MIT';
    }
    return null;
}

// "(AFL-2.1 OR BSD-3-Clause)": pick the first alternative whose text we carry.
function dep5License(spdx, texts) {
    const alternatives = spdx.replace(/[()]/g, '').split(/\s+OR\s+/);
    for (const id of alternatives) {
        const name = dep5Names[id.trim()];
        if (name && texts.has(name))
            return { name, comment: alternatives.length > 1 ? `Offered as ${spdx}; shipped under ${id.trim()}.` : null };
    }
    return null;
}

function copyrightLines(dir, pkg) {
    const lines = new Set();
    for (const file of licenseFiles(dir)) {
        for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
            // "Copyright (c) 2015 Name", "Copyright 2015 Name", "Copyright (c) Name" — not
            // "copyright notice" in the license's own wording.
            const match = /^\s*copyright\s+(?:(?:\(c\)|©)\s*(\S.*)|(\d{4}.*))$/i.exec(line);
            if (match)
                lines.add((match[1] || match[2]).trim());
        }
    }
    if (lines.size === 0) {
        const author = typeof pkg.author === 'string' ? pkg.author : pkg.author && pkg.author.name;
        lines.add(author ? `the authors of ${pkg.name}: ${author}` : `the authors of ${pkg.name}`);
    }
    return [...lines];
}

function modules(dir, relative = '') {
    const found = [];
    for (const name of fs.readdirSync(dir).sort()) {
        if (name.startsWith('.'))
            continue;
        const full = path.join(dir, name);
        const rel = relative ? `${relative}/${name}` : name;
        if (name.startsWith('@')) {
            found.push(...modules(full, rel));
            continue;
        }
        const manifest = path.join(full, 'package.json');
        if (fs.existsSync(manifest))
            found.push({ dir: full, rel, pkg: JSON.parse(fs.readFileSync(manifest, 'utf8')) });
        const nested = path.join(full, 'node_modules');
        if (fs.existsSync(nested))
            found.push(...modules(nested, `${rel}/node_modules`));
    }
    return found;
}

const texts = licenseTexts();
const used = new Set(['Expat']);
const paragraphs = [fs.readFileSync(headerFile, 'utf8').trimEnd()];
const unknown = [];
for (const module of modules(modulesDir)) {
    const spdx = declaredLicense(module.dir, module.pkg);
    const license = spdx && dep5License(spdx, texts);
    if (!license) {
        unknown.push(`${module.rel} (${spdx || 'no license declared'})`);
        continue;
    }
    used.add(license.name);
    const [first, ...rest] = copyrightLines(module.dir, module.pkg);
    const lines = [`Files: ${installedPath}/${module.rel}/*`,
                   `Copyright: ${first}`, ...rest.map((line) => ` ${line}`),
                   `License: ${license.name}`];
    if (license.comment)
        lines.push(`Comment: ${license.comment}`);
    paragraphs.push(lines.join('\n'));
}
if (unknown.length > 0) {
    console.error(`copyright.js: no license text for:\n  ${unknown.join('\n  ')}\nAdd it to ${licensesFile}.`);
    process.exit(1);
}
for (const [name, text] of texts) {
    if (used.has(name))
        paragraphs.push(text);
}
fs.mkdirSync(path.dirname(outputFile), { recursive: true });
fs.writeFileSync(outputFile, paragraphs.join('\n\n') + '\n');
