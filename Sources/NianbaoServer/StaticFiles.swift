import NianbaoKit

/// The home page's script and stylesheets, served from /static/ (no CDN, nothing fetched from
/// elsewhere: the page works offline).
enum StaticFiles {
    /// The stylesheet of the HTML writer's standalone page, so that a report looks the same here.
    static let reportStylesheet = ReportStylesheet.css

    static let stylesheet = """
        header.app { max-width: 60em; margin: 0 auto; padding: 1.5em 1.5em 0; font-family: sans-serif; }
        header.app h1 { text-align: left; margin: 0 0 .3em; }
        header.app p { text-indent: 0; }
        section.upload { max-width: 60em; margin: 1.5em auto; padding: 1em 1.5em; border-top: 2px solid #444; font-family: sans-serif; }
        section.upload h2 { margin: 0 0 .4em; font-size: 1.1em; }
        .status { text-indent: 0; font-weight: bold; }
        .status.error { color: #b00020; }
        .status.fail { color: #b00020; }
        .status.pass { color: #1b5e20; }
        .downloads { text-indent: 0; }
        .downloads button { margin: 0 .4em .4em 0; }
        ul.problems { font-size: .9em; padding-left: 1.2em; }
        ul.problems li.fail { color: #b00020; }
        .nianbao-report { padding: 0; }
        .nianbao-report td.null { background: repeating-linear-gradient(135deg, #fff, #fff 4px, #e8e8e8 4px, #e8e8e8 8px); outline: 1px dashed #888; outline-offset: -2px; }
        .nianbao-report td.null.check-failed { outline: 2px solid #c5221f; }
        form#fetch input { width: 30em; max-width: 70%; }

        """ + PageImageView.stylesheet

    static let script = #"""
        'use strict';
        // Sends each chosen file, or the address typed, to the API and shows its report: the
        // annotated table (failed 勾稽 rules and null cells marked, their reason on hover), the failed rules and diagnostics in a list,
        // and buttons that download JSON, CSV, the HTML page and the check report.
        (function () {
          function el(tag, className, text) {
            const e = document.createElement(tag);
            if (className) e.className = className;
            if (text !== undefined) e.textContent = text;
            return e;
          }

          // encodeURIComponent, not URLSearchParams: the server reads + as itself, not as a space.
          function query(params) {
            return Object.keys(params).map(function (k) {
              return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]);
            }).join('&');
          }

          // A source is a chosen file ({ name, file }) or a report's address ({ name, url }).
          async function post(source, path, params) {
            const named = source.url ? { url: source.url } : { filename: source.name };
            const response = await fetch(path + '?' + query(Object.assign(named, params)), {
              method: 'POST', body: source.url ? '' : source.file, headers: { 'Content-Type': 'application/octet-stream' }
            });
            const blob = await response.blob();
            if (!response.ok) throw new Error((await blob.text()).trim() || response.statusText);
            return { blob: blob, response: response };
          }

          function download(source, label, path, params, extension) {
            const button = el('button', null, label);
            button.type = 'button';
            button.addEventListener('click', async function () {
              button.disabled = true;
              try {
                const result = await post(source, path, params);
                const a = el('a');
                a.href = URL.createObjectURL(result.blob);
                a.download = (source.name.replace(/\.[^.]*$/, '') || 'report') + extension;
                document.body.append(a);
                a.click();
                a.remove();
                setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
              } catch (error) {
                alert(error.message);
              } finally {
                button.disabled = false;
              }
            });
            return button;
          }

          function problems(report) {
            const list = el('ul', 'problems');
            report.checks.filter(function (c) { return c.status !== 'pass'; }).forEach(function (c) {
              const detail = c.status === 'fail' ? ' (expected ' + c.expected + ', found ' + c.actual + ')' : (c.reason ? ' (' + c.reason + ')' : '');
              list.append(el('li', c.status === 'fail' ? 'fail' : 'not-evaluated',
                '勾稽 ' + c.status + ': ' + c.place + ': ' + c.statement + detail));
            });
            report.diagnostics.forEach(function (d) {
              const where = d.location && d.location.page ? ' (page ' + d.location.page + ')' : (d.location && d.location.line ? ' (line ' + d.location.line + ')' : '');
              list.append(el('li', d.severity, d.severity + ': ' + (d.key ? d.key + ': ' : '') + d.message + where));
            });
            return list;
          }

          async function convert(source, row) {
            const status = row.querySelector('.status');
            try {
              // One conversion for all the page shows: the JSON output, the annotated table and a
              // PDF's pages (/api/view); the downloads convert again, when asked for.
              const view = JSON.parse(await (await post(source, '/api/view', {})).blob.text());
              const report = view.report;
              const failed = report.checks.filter(function (c) { return c.status === 'fail'; }).length;
              status.textContent = (report.report.agency || '') + ' ' + (report.report.year || '') + ': ' +
                (failed ? failed + ' 勾稽 rule(s) failed' : 'no 勾稽 rule failed') +
                ', ' + report.diagnostics.length + ' diagnostic(s)';
              status.className = 'status ' + (failed ? 'fail' : 'pass');
              const downloads = el('p', 'downloads');
              downloads.append(
                download(source, 'JSON', '/api/convert', { to: 'json' }, '.json'),
                download(source, 'CSV (long)', '/api/convert', { to: 'csv' }, '.csv'),
                download(source, 'CSV (wide, Excel)', '/api/convert', { to: 'csv', csv: 'wide', bom: '1' }, '.wide.csv'),
                download(source, 'HTML page', '/api/convert', { to: 'html' }, '.html'),
                download(source, 'Check report', '/api/check', { all: '1' }, '.check.txt'));
              row.append(downloads, problems(report));
              // The writer escapes everything from the report; parsed apart from the page, and no
              // script could run under the page's policy anyway.
              const parsed = new DOMParser().parseFromString(view.html, 'text/html');
              row.append.apply(row, Array.from(parsed.body.childNodes));
              // A PDF's pages beside its table (PageImageView), for an upload.
              if (report.source.format === 'pdf' && source.file) window.nianbaoPages(row, view.pages);
            } catch (error) {
              status.textContent = error.message;
              status.className = 'status error';
            }
          }

          function start(source) {
            const row = el('section', 'upload');
            row.append(el('h2', null, source.url || source.name), el('p', 'status', 'converting…'));
            document.getElementById('results').append(row);
            convert(source, row);
          }

          document.addEventListener('DOMContentLoaded', function () {
            const input = document.getElementById('files');
            input.addEventListener('change', function () {
              Array.from(input.files).forEach(function (file) { start({ name: file.name, file: file }); });
              input.value = '';
            });
            const address = document.getElementById('url');
            document.getElementById('fetch').addEventListener('submit', function (event) {
              event.preventDefault();
              const url = address.value.trim();
              if (!url) return;
              const last = url.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop();
              start({ name: last && last.indexOf(':') < 0 ? last : 'report', url: url });
              address.value = '';
            });
          });
        })();

        """# + PageImageView.script
}
