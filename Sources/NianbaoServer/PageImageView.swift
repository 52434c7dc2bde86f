/// The part of the web app's script and stylesheet that shows a PDF's pages beside its report:
/// the page images `/api/view` sends as `/api/pages` draws them (`data:` URIs, which the page's img-src allows), and, on a
/// click on a value cell, that cell's rectangle highlighted on its page. Positions are set through
/// the style object (CSSOM), which the policy's `style-src 'self'` allows, never a style attribute.
enum PageImageView {
    static let stylesheet = """
        section.upload.with-pages { max-width: 120em; }
        .report-and-pages { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 1em; align-items: start; }
        .report-and-pages > article.nianbao-report { overflow-x: auto; min-width: 0; max-width: none; margin: 0; padding: 0 0 1em; }
        .page-images { position: sticky; top: 0; max-height: 96vh; overflow: auto; border: 1px solid #bbb; background: #f4f4f4; font-family: sans-serif; }
        .page-images p.page-note { margin: 0; padding: .4em .6em; font-size: .85em; text-indent: 0; background: #fff; position: sticky; top: 0; z-index: 2; border-bottom: 1px solid #ddd; }
        figure.page-image { position: relative; margin: 0 0 .8em; }
        figure.page-image .page-frame { position: relative; }
        figure.page-image img { display: block; width: 100%; height: auto; }
        figure.page-image figcaption { font-size: .8em; color: #555; padding: .2em .4em; }
        .cell-region { position: absolute; display: none; box-sizing: border-box; border: 2px solid #e65100; background: rgba(255, 109, 0, .25); outline: 4px solid rgba(255, 109, 0, .45); pointer-events: none; z-index: 1; }
        .cell-region.shown { display: block; }
        .with-pages article.nianbao-report td[data-key] { cursor: pointer; }
        .with-pages article.nianbao-report td.located { outline: 3px solid #e65100; outline-offset: -3px; }

        """

    static let script = #"""
        // The pages of a PDF beside its report: `drawn`, as /api/pages (and /api/view's "pages")
        // gives them, holds the pages that hold the cells (with what `nianbao extract --overlay`
        // draws over them) and each cell's rectangle in points; a click on a value cell scrolls to
        // its page and highlights its rectangle.
        window.nianbaoPages = function (row, drawn) {
          function el(tag, className, text) {
            const e = document.createElement(tag);
            if (className) e.className = className;
            if (text !== undefined) e.textContent = text;
            return e;
          }
          const article = row.querySelector('article.nianbao-report');
          if (!article) return;
          const panel = el('div', 'page-images');
          const note = el('p', 'page-note');
          panel.append(note);
          const layout = el('div', 'report-and-pages');
          article.replaceWith(layout);
          layout.append(article, panel);
          row.classList.add('with-pages');
          const pages = {};
          drawn.pages.forEach(function (page) {
            const figure = el('figure', 'page-image');
            figure.dataset.page = String(page.page);
            const image = el('img');
            image.src = page.image;
            image.alt = 'page ' + page.page;
            image.width = page.pixelWidth;
            image.height = page.pixelHeight;
            const region = el('div', 'cell-region');
            // The image and its region in a frame of the image's own size, the caption outside it.
            const frame = el('div', 'page-frame');
            frame.append(image, region);
            figure.append(frame, el('figcaption', null, 'page ' + page.page));
            panel.append(figure);
            pages[page.page] = { page: page, figure: figure, region: region };
          });
          const cells = {};
          drawn.cells.forEach(function (cell) { cells[cell.key] = cell; });
          note.textContent = drawn.pages.length ? 'Click a value in the table to see where it was read.' +
            (drawn.omittedPages.length ? ' Pages not drawn: ' + drawn.omittedPages.join(', ') + '.' : '') : 'No page holds a located cell.';
          let located = null;
          article.addEventListener('click', function (event) {
            const td = event.target.closest('td[data-key]');
            if (!td || !article.contains(td)) return;
            if (located) located.classList.remove('located');
            Object.keys(pages).forEach(function (n) { pages[n].region.classList.remove('shown'); });
            located = td;
            td.classList.add('located');
            const key = td.dataset.key;
            const cell = cells[key];
            const shown = cell && pages[cell.page];
            if (!shown) {
              note.textContent = key + ': ' + (cell ? 'page ' + cell.page + ' was not drawn' : 'not located on a page');
              return;
            }
            const page = shown.page, box = cell.box, region = shown.region;
            region.style.left = (100 * box[0] / page.width) + '%';
            region.style.top = (100 * box[1] / page.height) + '%';
            region.style.width = (100 * (box[2] - box[0]) / page.width) + '%';
            region.style.height = (100 * (box[3] - box[1]) / page.height) + '%';
            region.dataset.key = key;
            region.classList.add('shown');
            note.textContent = key + ': page ' + cell.page + ', ' + box.join(', ') + ' pt';
            // The panel alone scrolls (the window stays where the table is): the region to its middle.
            panel.scrollTop = Math.max(0, shown.figure.offsetTop + region.parentNode.offsetTop + region.offsetTop - panel.clientHeight / 2);
          });
        };

        """#
}
