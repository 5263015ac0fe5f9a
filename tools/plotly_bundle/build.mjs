// Build assets/vendor/plotly-atlas.min.js: a plotly.js partial bundle with only what Cluster Atlas draws
// in the browser. Run through build.sh (npm ci + this script). See README.md for the why and the sizes.
//
// It follows plotly.js's own bundling (esbuild-config.js, tasks/util/bundle_wrapper.mjs,
// tasks/compress_attributes.js, tasks/util/bundle_maplibre_worker.js of plotly.js v4.1.1), through
// the plugins below:
//   inlineCss       maplibre-gl.css injected as a <style> element, as plotly's inline-css plugin does;
//   plotlySource    attribute meta (descriptions, …) stripped as in plotly's own dist bundles, and core
//                   components the app never uses left unregistered (OMITTED_COMPONENTS);
//   noCountryNames  country-iso-search (only for locationmode "country names" of the geo traces, which
//                   are not in the bundle) replaced by an empty lookup;
//   culoriCss       culori with the CSS colour spaces only, instead of its bundle of all of them;
//   maplibreApi     only the MapLibre exports plotly uses, so that esbuild drops the rest;
//   maplibreShared  the MapLibre code shared by page and web worker ships once instead of twice: plotly
//                   embeds a worker that repeats maplibre-gl-shared.mjs (0.5 MB). Here the shared chunk
//                   is built standalone, wrapped in a function that the page calls and whose source
//                   text (Function.prototype.toString) starts the worker, as MapLibre's UMD bundle did
//                   up to v5.
// and terser after esbuild (shrink) on each of the three parts.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { minify as terser } from 'terser';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// --unminified: a readable bundle for debugging, kept out of the app (build/ is git-ignored).
const MINIFY = !process.argv.includes('--unminified');
const OUT = MINIFY ? path.resolve(HERE, '../../assets/vendor/plotly-atlas.min.js') : path.join(HERE, 'build', 'plotly-atlas.js');
const ENTRY = path.join(HERE, 'entry.js');
const PLOTLY_DIR = path.dirname(require.resolve('plotly.js/package.json'));
const MAPLIBRE_DIR = path.dirname(require.resolve('maplibre-gl/package.json'));
const PLOTLY_VERSION = require('plotly.js/package.json').version;
const MAPLIBRE_VERSION = require('maplibre-gl/package.json').version;
const ESBUILD_VERSION = esbuild.version;
const TERSER_VERSION = require('terser/package.json').version;
// Syntax target of every part (plotly's own is es2016 for the page, es2020 for the worker): MapLibre 6
// needs a recent browser anyway, and lowering less keeps its code closer to the original.
const TARGET = 'es2020';

// Components registered by plotly.js/src/core.js that the app does not use (no images, menus, sliders,
// range sliders/selectors, layout grids, error bars or 3D annotations in any figure). Shapes must stay
// registered although unused: legend and relayout read fullLayout.shapes without a guard.
const OMITTED_COMPONENTS = ['annotations3d', 'images', 'updatemenus', 'sliders', 'rangeslider',
    'rangeselector', 'grid', 'errorbars'];
const KEPT_COMPONENTS = ['annotations', 'selections', 'shapes', 'colorscale', 'colorbar', 'legend', 'fx', 'modebar'];

const TRACES = [...fs.readFileSync(ENTRY, 'utf8').matchAll(/require\('plotly\.js\/lib\/(\w+)'\)/g)]
    .map((m) => m[1]).filter((name) => name !== 'core');

const isPlotlySrc = (file) => file.startsWith(path.join(PLOTLY_DIR, 'src') + path.sep);

// esbuild bundles and minifies; terser then shrinks each part a further ~5 % (compressed), which
// esbuild's single-pass minifier leaves. Legal comments (/*! … */) are kept.
async function shrink(code, { module = false } = {}) {
    if (!MINIFY) return code;
    const result = await terser(code, { ecma: 2020, module, compress: { passes: 2 }, mangle: true,
        format: { comments: /^!|@license|@preserve/ } });
    return result.code;
}

// ------------------------------------------------------------------------------------------- plugins
// plotly.js/src/registry.js requires maplibre-gl.css: inject it as a <style> element (as plotly's
// esbuild-plugin-inline-css does).
const inlineCss = {
    name: 'inline-css',
    setup(build) {
        build.onLoad({ filter: /\.css$/ }, async (args) => {
            const result = await esbuild.build({ entryPoints: [args.path], bundle: true, minify: true, write: false,
                logLevel: 'silent', loader: { '.svg': 'dataurl' } });
            const css = JSON.stringify(result.outputFiles[0].text);
            return { loader: 'js', contents:
                `if (typeof document !== 'undefined') { var s = document.createElement('style');
                 s.textContent = ${css}; document.head.appendChild(s); }` };
        });
    },
};

// tasks/compress_attributes.js of plotly.js: strip the meta of attributes (descriptions and co.).
const META_PATTERNS = [
    "description: '.*'", "description: \\[[\\s\\S]*?\\]\\.join\\([\\s\\S]*?\\)", 'requiredOpts: \\[[\\s\\S]*?\\]',
    'otherOpts: \\[[\\s\\S]*?\\]', "role: '.*'", "hrName: '.*'",
].map((pattern) => new RegExp('\\s*' + pattern + ',?', 'g'));

function trimCore(source) {
    for (const name of OMITTED_COMPONENTS) {
        const line = new RegExp(`\\n\\s*require\\('\\./components/${name}'\\),?[^\\n]*`);
        if (!line.test(source)) throw new Error(`plotly.js/src/core.js no longer registers ${name}: update build.mjs`);
        source = source.replace(line, '');
    }
    for (const name of KEPT_COMPONENTS) {
        if (!source.includes(`require('./components/${name}')`)) {
            throw new Error(`plotly.js/src/core.js no longer registers ${name}: update build.mjs`);
        }
    }
    return source;
}

const plotlySource = {
    name: 'plotly-source',
    setup(build) {
        build.onLoad({ filter: /\.js$/ }, async (args) => {
            if (!isPlotlySrc(args.path)) return undefined;
            let source = await fs.promises.readFile(args.path, 'utf8');
            for (const pattern of META_PATTERNS) source = source.replace(pattern, '');
            if (args.path === path.join(PLOTLY_DIR, 'src', 'core.js')) source = trimCore(source);
            return { contents: source, loader: 'js' };
        });
    },
};

const noCountryNames = {
    name: 'no-country-names',
    setup(build) {
        build.onResolve({ filter: /^country-iso-search$/ }, () => ({ path: 'country-iso-search', namespace: 'stub' }));
        build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ loader: 'js', contents:
            'module.exports = {COUNTRIES: [], createLookup: function () { return {lookupAlpha3: function () { return false; }}; }};' }));
    },
};

// plotly.js requires culori's CommonJS bundle, which registers all 30 colour spaces. The CSS colour
// spaces (culori/css: rgb, hsl, hwb, lab, lch, oklab, oklch, p3, …) cover every CSS colour string; the
// functions come from the tree-shakable culori/fn (plotly's own TODO in src/components/color/index.js).
const CULORI_FUNCTIONS = ['converter', 'formatHex', 'formatRgb', 'wcagContrast', 'wcagLuminance'];

const culoriCss = {
    name: 'culori-css',
    setup(build) {
        const colorJs = path.join(PLOTLY_DIR, 'src', 'components', 'color', 'index.js');
        const imports = fs.readFileSync(colorJs, 'utf8').match(/const\s*\{([^}]*)\}\s*=\s*require\('culori'\)/);
        const names = imports ? imports[1].split(',').map((item) => item.split(':')[0].trim()).filter(Boolean) : [];
        const unknown = names.filter((name) => !CULORI_FUNCTIONS.includes(name));
        if (!imports || unknown.length) throw new Error(`culori use in ${colorJs} changed (${unknown}): update build.mjs`);
        build.onResolve({ filter: /^culori$/ }, (args) => {
            if (!isPlotlySrc(args.importer)) return undefined;
            if (args.importer !== colorJs) throw new Error(`${args.importer} requires culori: update build.mjs`);
            return { path: 'culori', namespace: 'culori-css' };
        });
        build.onLoad({ filter: /.*/, namespace: 'culori-css' }, () => ({ loader: 'js', resolveDir: HERE,
            contents: `import 'culori/css';\nexport { ${CULORI_FUNCTIONS.join(', ')} } from 'culori/fn';` }));
    },
};

// The shared MapLibre chunk as one self-contained script defining the global __maplibreShared.
async function buildSharedChunk() {
    const result = await esbuild.build({
        entryPoints: [path.join(MAPLIBRE_DIR, 'dist', 'maplibre-gl-shared.mjs')], bundle: true, write: false,
        format: 'iife', globalName: '__maplibreShared', platform: 'browser', target: TARGET, minify: true,
        legalComments: 'none', logLevel: 'warning',
    });
    return shrink(result.outputFiles[0].text);
}

// The MapLibre worker (a module worker) without the shared chunk: it takes it from self.__maplibreShared.
async function buildWorker() {
    const sharedFromGlobal = {
        name: 'shared-from-global',
        setup(build) {
            build.onResolve({ filter: /^\.\/maplibre-gl-shared\.mjs$/ }, () => ({ path: 'shared', namespace: 'global' }));
            build.onLoad({ filter: /.*/, namespace: 'global' }, () => ({ loader: 'js',
                contents: 'module.exports = self.__maplibreShared;' }));
        },
    };
    const result = await esbuild.build({
        entryPoints: [path.join(MAPLIBRE_DIR, 'dist', 'maplibre-gl-worker.mjs')], bundle: true, write: false,
        format: 'esm', platform: 'browser', target: TARGET, minify: true, legalComments: 'none',
        logLevel: 'warning', plugins: [sharedFromGlobal],
    });
    return shrink(result.outputFiles[0].text, { module: true });
}

// plotly.js's map code uses only these exports of MapLibre (checked in the build): importing just them
// lets esbuild drop the rest of maplibre-gl.mjs (controls, markers, popups, … the app does not use).
const MAPLIBRE_API = ['AttributionControl', 'LngLat', 'Map', 'setWorkerUrl'];

function maplibreApi() {
    const mapDir = path.join(PLOTLY_DIR, 'src', 'plots', 'map');
    const used = new Set();
    for (const file of fs.readdirSync(mapDir).filter((name) => name.endsWith('.js'))) {
        for (const match of fs.readFileSync(path.join(mapDir, file), 'utf8').matchAll(/maplibregl\.(\w+)/g)) used.add(match[1]);
    }
    const missing = [...used].filter((name) => !MAPLIBRE_API.includes(name));
    if (missing.length) throw new Error(`plotly.js's map code uses maplibregl.${missing.join(', ')}: add to MAPLIBRE_API`);
    const mapLibre = path.join(MAPLIBRE_DIR, 'dist', 'maplibre-gl.mjs');
    return {
        name: 'maplibre-api',
        setup(build) {
            build.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.mjs$/ }, () => ({ path: 'api', namespace: 'maplibre-api' }));
            build.onLoad({ filter: /.*/, namespace: 'maplibre-api' }, () => ({ loader: 'js', resolveDir: HERE,
                contents: `export { ${MAPLIBRE_API.join(', ')} } from ${JSON.stringify(mapLibre)};` }));
        },
    };
}

// Stands for the shared chunk in the main build; replaced afterwards by the chunk's own text (see main),
// so that the function stays exactly the standalone, self-contained output of buildSharedChunk.
const SHARED_PLACEHOLDER = '__ATLAS_MAPLIBRE_SHARED_FACTORY__';

function maplibreShared(worker) {
    const mapJs = path.join(PLOTLY_DIR, 'src', 'plots', 'map', 'map.js');
    const workerModule = path.join(PLOTLY_DIR, 'build', 'maplibre_worker.js');
    return {
        name: 'maplibre-shared',
        setup(build) {
            // maplibre-gl.mjs imports the shared chunk: give it the page's copy.
            build.onResolve({ filter: /^\.\/maplibre-gl-shared\.mjs$/ }, (args) => {
                if (!args.importer.startsWith(path.join(MAPLIBRE_DIR, 'dist'))) return undefined;
                return { path: 'page', namespace: 'maplibre-shared' };
            });
            // plotly.js/src/plots/map/map.js requires ../../../build/maplibre_worker (the worker's source
            // text, made into a blob URL for maplibregl.setWorkerUrl): give it ours.
            build.onResolve({ filter: /maplibre_worker$/ }, (args) => {
                if (args.importer !== mapJs) return undefined;
                if (!fs.existsSync(workerModule)) throw new Error(`${workerModule} missing: update build.mjs`);
                return { path: 'worker', namespace: 'maplibre-shared' };
            });
            build.onResolve({ filter: /^maplibre-shared-factory$/ }, () => ({ path: 'factory', namespace: 'maplibre-shared' }));
            build.onLoad({ filter: /.*/, namespace: 'maplibre-shared' }, (args) => {
                const contents = {
                    factory: `module.exports = ${SHARED_PLACEHOLDER};`,
                    page: "module.exports = require('maplibre-shared-factory')();",
                    worker: "module.exports = 'self.__maplibreShared = (' + require('maplibre-shared-factory').toString()"
                        + ` + ')();\\n' + ${JSON.stringify(worker)};`,
                }[args.path];
                return { contents, loader: 'js', resolveDir: HERE };
            });
        },
    };
}

// ---------------------------------------------------------------------------------------------- build
function header() {
    const licence = fs.readFileSync(path.join(PLOTLY_DIR, 'LICENSE'), 'utf8');
    const copyright = (licence.match(/Copyright[^\n]*/) || ['Copyright Plotly, Inc.'])[0].trim();
    return [
        '/**',
        `* plotly.js v${PLOTLY_VERSION} — Cluster Atlas partial bundle (plotly-atlas.min.js)`,
        `* traces: ${TRACES.join(', ')}`,
        `* components: ${KEPT_COMPONENTS.join(', ')} (not included: ${OMITTED_COMPONENTS.join(', ')})`,
        `* ${copyright}`,
        '* plotly.js is licensed under the MIT license.',
        `* Includes MapLibre GL JS v${MAPLIBRE_VERSION} (BSD-3-Clause) and other dependencies under their own`,
        '* licences (notices at the end of this file).',
        `* Built by tools/plotly_bundle/build.sh (esbuild ${ESBUILD_VERSION}, terser ${TERSER_VERSION}); do not edit.`,
        '*/',
        '',
    ].join('\n');
}

async function main() {
    const [sharedChunk, worker] = await Promise.all([buildSharedChunk(), buildWorker()]);
    const sharedFactory = `function () {\n${sharedChunk}\nreturn __maplibreShared;\n}`;
    const result = await esbuild.build({
        entryPoints: [ENTRY], bundle: true, write: false, format: 'iife', globalName: 'Plotly',
        platform: 'browser', target: TARGET, minify: MINIFY, legalComments: 'eof', metafile: true,
        absWorkingDir: HERE, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' },
        alias: { regl: '@plotly/regl' },  // as plotly's esbuild-config.js (matters for gl traces only)
        define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
        plugins: [inlineCss, plotlySource, noCountryNames, culoriCss, maplibreApi(), maplibreShared(worker)],
    });
    const parts = (await shrink(result.outputFiles[0].text)).split(SHARED_PLACEHOLDER);
    if (parts.length !== 2) throw new Error(`expected one ${SHARED_PLACEHOLDER} in the bundle, found ${parts.length - 1}`);
    // window.Plotly as plotly's bundle_wrapper.mjs sets it (the top-level var is global already in a <script>).
    const code = header() + parts.join(sharedFactory) + '\nwindow.Plotly = Plotly;\n';
    for (const name of OMITTED_COMPONENTS) {
        if (Object.keys(result.metafile.inputs).some((file) => file.includes(`src/components/${name}/index.js`))) {
            console.warn(`note: component ${name} is not registered but still bundled (imported elsewhere)`);
        }
    }
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, code);
    // esbuild's metafile, for size analysis (e.g. https://esbuild.github.io/analyze/); build/ is git-ignored.
    fs.mkdirSync(path.join(HERE, 'build'), { recursive: true });
    fs.writeFileSync(path.join(HERE, 'build', 'meta.json'), JSON.stringify(result.metafile));
    const raw = Buffer.byteLength(code);
    const gzip = zlib.gzipSync(code, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(code).length;
    const kb = (n) => `${(n / 1024).toFixed(0)} KiB (${n} B)`;
    console.log(`${path.relative(process.cwd(), OUT)}: raw ${kb(raw)}, gzip -9 ${kb(gzip)}, brotli ${kb(brotli)}`);
    console.log(`traces: ${TRACES.join(', ')}`);
}

main().catch((error) => { console.error(error); process.exit(1); });
