#!/usr/bin/env python3
"""The web app of `nianbao serve` in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium, against a server this script starts on 127.0.0.1 at a free
port, with the fetch tests' web site (Tests/NianbaoKitTests/Support/testsite.py) serving a report
for the URL input.

Through the page, as a person would: upload a PDF and an HTML report and read every cell of the
table against the fixture's truth; click a PDF's value cells and see each one's rectangle
highlighted on its page drawn beside the table, where `nianbao convert` located it (no page image
beside an HTML report); see the failed 勾稽 rules marked on their cells and listed, the
null cells marked with their reason, the summary line; download the CSV and compare it with
`nianbao convert --to csv`; upload a broken PDF and see its error; convert a report by its
address, and see the error of an address that answers 404. The page's console must stay free of
errors (a Content-Security-Policy violation is one).

usage: scripts/test-browser.py NIANBAO [--screenshots DIR]
With --screenshots, also saves the pictures of the README (scripts/screenshots runs it so):
DIR/serve-upload.png (the page after hongze_2023.pdf), DIR/serve-failed.png (its table 4 with
the failed rules' cells), DIR/serve-pages.png (its table 3 beside page 3, a clicked cell's
rectangle highlighted) and DIR/serve-null.png (the table 3 of a report with blank cells).
Needs selenium (PyPI), chromium and chromium-driver (Debian); scripts/test installs them. It is
skipped only when NIANBAO_SKIP_BROWSER_TEST=1 says so. Exit status 1 on the first failure.
"""
import base64, json, os, pathlib, shutil, socket, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Generous bounds against hangs, not speed targets.
WAIT = 90

if os.environ.get("NIANBAO_SKIP_BROWSER_TEST") == "1":
    print("browser: skipped (NIANBAO_SKIP_BROWSER_TEST=1)")
    sys.exit(0)
try:
    from selenium import webdriver
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    sys.exit("test-browser: selenium is missing (pip install selenium; scripts/test installs it)")
for program in (CHROMIUM, CHROMEDRIVER):
    if not os.access(program, os.X_OK):
        sys.exit(f"test-browser: {program} is missing (apt-get install chromium chromium-driver)")


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(nianbao):
    """`nianbao serve` on 127.0.0.1 at a free port (a few tries: another process may take it)."""
    for _ in range(5):
        port = free_port()
        process = subprocess.Popen(
            [nianbao, "serve", "--port", str(port), "--allow-private-urls", "--concurrency", "2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = process.stderr.readline()
        if "listening on" in line:
            return process, port
        process.kill()
        process.wait()
    sys.exit(f"test-browser: nianbao serve did not start: {line.strip()}")


def start_site(routes):
    """The fetch tests' web site: routes as one JSON line on its standard input, its port back."""
    log = pathlib.Path(tempfile.mkdtemp(prefix="nianbao-site-")) / "requests.jsonl"
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "Tests/NianbaoKitTests/Support/testsite.py"), str(log)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    process.stdin.write(json.dumps(routes) + "\n")
    process.stdin.flush()
    return process, int(process.stdout.readline()), log.parent


def cli_json(nianbao, path):
    result = subprocess.run([nianbao, "convert", str(path), "--to", "json"], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def printed(value):
    """A truth value as the table prints it: whole numbers without a decimal point."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver is Debian's: Selenium Manager must not look for (or download) another.
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def finished_row(driver, heading):
    """The result row whose heading is `heading`, once its conversion has ended (or failed)."""
    def done(d):
        for row in d.find_elements(By.CSS_SELECTOR, "section.upload"):
            if row.find_element(By.TAG_NAME, "h2").text != heading:
                continue
            status = row.find_element(By.CSS_SELECTOR, "p.status")
            if "error" in status.get_attribute("class").split():
                return row
            if row.find_elements(By.CSS_SELECTOR, "article.nianbao-report table"):
                return row
        return False
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.2).until(done)
    except Exception:
        raise Failure(f"{heading}: no report table and no error within {WAIT} s")


def upload(driver, path):
    driver.find_element(By.ID, "files").send_keys(str(path))
    return finished_row(driver, path.name)


def check_report(driver, row, name, truth, cli):
    """The row of a converted report against the fixture's truth and the CLI's JSON."""
    status = row.find_element(By.CSS_SELECTOR, "p.status")
    expect("error" not in status.get_attribute("class"), f"{name}: error {status.text!r}")
    failed = [c for c in cli["checks"] if c["status"] == "fail"]
    summary = (f"{truth['agency']} {truth['year']}: "
               + (f"{len(failed)} 勾稽 rule(s) failed" if failed else "no 勾稽 rule failed")
               + f", {len(cli['diagnostics'])} diagnostic(s)")
    expect(status.text == summary, f"{name}: status {status.text!r}, expected {summary!r}")
    expect(("fail" if failed else "pass") in status.get_attribute("class").split(), f"{name}: status class {status.get_attribute('class')!r}")

    cells = {td.get_attribute("data-key"): td for td in row.find_elements(By.CSS_SELECTOR, "article td[data-key]")}
    expect(len(cells) >= len(truth["cells"]), f"{name}: {len(cells)} value cells on the page, truth has {len(truth['cells'])}")
    nulls = 0
    for key, value in truth["cells"].items():
        td = cells.get(key)
        expect(td is not None, f"{name}: no cell data-key={key!r} on the page")
        # A fraction may be printed as the source printed it ("12.50"): compared as a number.
        shown = td.text
        same = shown == printed(value) or (value is not None and not float(value).is_integer() and shown != "" and float(shown) == value)
        expect(same, f"{name}: {key} shows {shown!r}, truth {printed(value)!r}")
        classes = (td.get_attribute("class") or "").split()
        if value is None:
            nulls += 1
            expect("null" in classes, f"{name}: null cell {key} not marked (class {classes})")
            title = td.get_attribute("title") or ""
            expect(title.startswith("空值："), f"{name}: null cell {key} has no reason: {title!r}")
        else:
            expect("null" not in classes, f"{name}: cell {key} with a value marked null")

    marked = row.find_elements(By.CSS_SELECTOR, "article td.check-failed")
    expect(bool(marked) == bool(failed), f"{name}: {len(marked)} cells marked failed, {len(failed)} rules failed")
    for td in marked:
        ActionChains(driver).move_to_element(td).perform()
        expect("勾稽不符：" in (td.get_attribute("title") or ""), f"{name}: failed cell {td.get_attribute('data-key')} without its rule")
    listed = row.find_elements(By.CSS_SELECTOR, "ul.problems li.fail")
    expect(len(listed) == len(failed), f"{name}: {len(listed)} failed rules listed, {len(failed)} failed")
    for item, check in zip(listed, failed):
        expect(check["statement"] in item.text, f"{name}: listed {item.text!r}, expected rule {check['statement']!r}")
    return nulls


def check_page_region(driver, row, name, cli, key):
    """Click the value cell `key`: its page, drawn beside the table, shows the cell's rectangle
    (its location in the CLI's cellSources, in points) highlighted at the same place."""
    def drawn(d):
        return row.find_elements(By.CSS_SELECTOR, ".page-images figure.page-image img") or False
    try:
        WebDriverWait(driver, WAIT, poll_frequency=0.2).until(drawn)
    except Exception:
        raise Failure(f"{name}: no page image beside the table within {WAIT} s")
    node = cli["cellSources"]
    for segment in key.split(".")[1:]:
        node = node[segment]
    page, box = node["location"]["page"], node["location"]["box"]
    td = row.find_element(By.CSS_SELECTOR, f'article td[data-key="{key}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", td)
    td.click()
    figure = row.find_element(By.CSS_SELECTOR, f'.page-images figure.page-image[data-page="{page}"]')
    region = figure.find_element(By.CSS_SELECTOR, ".cell-region")
    WebDriverWait(driver, WAIT).until(lambda d: region.is_displayed())
    expect("located" in td.get_attribute("class").split(), f"{name}: the clicked cell {key} is not marked")
    expect(region.get_attribute("data-key") == key, f"{name}: the region shows {region.get_attribute('data-key')!r}, not {key}")
    image, shown = driver.execute_script(
        "const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.width, b.height]; };"
        "return [r(arguments[0]), r(arguments[1])];", figure.find_element(By.TAG_NAME, "img"), region)
    pages = {int(f.get_attribute("data-page")) for f in row.find_elements(By.CSS_SELECTOR, "figure.page-image")}
    width, height = 595, 842  # hongze_2023.pdf's pages, in points
    scale = image[2] / width
    expect(abs(image[3] / height - scale) < 0.01, f"{name}: the page image is not drawn to scale ({image})")
    expected = [image[0] + box[0] * scale, image[1] + box[1] * scale, (box[2] - box[0]) * scale, (box[3] - box[1]) * scale]
    expect(all(abs(a - b) <= 1.5 for a, b in zip(shown, expected)),
           f"{name}: {key}'s region at {[round(v, 1) for v in shown]}, its rectangle {box} pt is at {[round(v, 1) for v in expected]}")
    # Visible in the panel: inside the panel's visible part after the click scrolled it there.
    panel = driver.execute_script(
        "const b = arguments[0].getBoundingClientRect(); return [b.top, b.bottom];", row.find_element(By.CSS_SELECTOR, ".page-images"))
    expect(panel[0] <= shown[1] and shown[1] + shown[3] <= panel[1], f"{name}: {key}'s region is scrolled out of the panel")
    return page, sorted(pages)


def download_csv(driver, row, downloads, expected_name):
    for stale in downloads.glob("*"):
        stale.unlink()
    button = next(b for b in row.find_elements(By.CSS_SELECTOR, "p.downloads button") if b.text == "CSV (long)")
    button.click()
    target = downloads / expected_name
    deadline = time.time() + WAIT
    while time.time() < deadline and not (target.exists() and not list(downloads.glob("*.crdownload"))):
        time.sleep(0.2)
    expect(target.exists(), f"no {expected_name} downloaded within {WAIT} s (found {[p.name for p in downloads.glob('*')]})")
    return target.read_bytes()


def run(nianbao, driver, port, site_port, downloads, shots):
    base = f"http://127.0.0.1:{port}/"
    driver.get(base)
    expect(driver.title.startswith("nianbao"), f"home page title {driver.title!r}")
    for element in ("files", "url", "fetch", "results"):
        expect(driver.find_elements(By.ID, element), f"home page has no #{element}")

    # A PDF whose table 4 fails two rules in the source, every cell read.
    pdf = FIXTURES / "pdf/hongze_2023.pdf"
    truth = json.loads(pathlib.Path(f"{pdf}.truth.json").read_text(encoding="utf-8"))
    row = upload(driver, pdf)
    cli = cli_json(nianbao, pdf)
    check_report(driver, row, pdf.name, truth, cli)
    # Click a value: its page beside the table, its rectangle highlighted (and a sibling on the next page).
    for key in ("tables.activeDisclosure.fees.amount", "tables.reviewLitigation.review.upheld"):
        page, pages = check_page_region(driver, row, pdf.name, cli, key)
        print(f"browser: {pdf.name}: pages {pages} beside the table; {key} clicked, highlighted on page {page}")
    if shots:
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(shots / "serve-upload.png"))
        row.find_element(By.CSS_SELECTOR, "table.reviewLitigation").screenshot(str(shots / "serve-failed.png"))
        check_page_region(driver, row, pdf.name, cli, "tables.applications.newReceived.naturalPerson")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", row.find_element(By.CSS_SELECTOR, "table.applications"))
        driver.save_screenshot(str(shots / "serve-pages.png"))
    csv = download_csv(driver, row, downloads, "hongze_2023.csv")
    # The CLI names the source as given: the file's name, run in its folder, as the page sends it.
    expected = subprocess.run([nianbao, "convert", pdf.name, "--to", "csv"], cwd=pdf.parent, capture_output=True, check=True).stdout
    expect(csv == expected, f"the downloaded CSV differs from `nianbao convert --to csv` ({len(csv)} and {len(expected)} bytes)")
    print(f"browser: {pdf.name}: {len(truth['cells'])} cells as the truth, failed rules marked and listed, CSV as the CLI")

    # An HTML report.
    page = FIXTURES / "html/qingshan_district_2023_trs.html"
    truth = json.loads(pathlib.Path(f"{page}.truth.json").read_text(encoding="utf-8"))
    row = upload(driver, page)
    check_report(driver, row, page.name, truth, cli_json(nianbao, page))
    expect(not row.find_elements(By.CSS_SELECTOR, ".page-images"), f"{page.name}: a page image beside an HTML report")
    print(f"browser: {page.name}: {len(truth['cells'])} cells as the truth, no page image")

    # A PDF with blank cells: each null cell marked with its reason.
    blanks = FIXTURES / "pdf/synthetic_2021_blanks_libreoffice.pdf"
    truth = json.loads(pathlib.Path(f"{blanks}.truth.json").read_text(encoding="utf-8"))
    row = upload(driver, blanks)
    nulls = check_report(driver, row, blanks.name, truth, cli_json(nianbao, blanks))
    if shots:
        row.find_element(By.CSS_SELECTOR, "table.applications").screenshot(str(shots / "serve-null.png"))
    expect(nulls > 0, f"{blanks.name}: the truth has no null cell")
    print(f"browser: {blanks.name}: {nulls} null cells marked with their reason")

    # A broken PDF: its row says why, and the page goes on working (the next conversions).
    broken = FIXTURES / "pdf/corrupt.pdf"
    status = upload(driver, broken).find_element(By.CSS_SELECTOR, "p.status")
    expect("error" in status.get_attribute("class").split(), f"{broken.name}: not shown as an error: {status.text!r}")
    expect("corrupt.pdf: cannot read the file (not a readable PDF" in status.text, f"{broken.name}: error {status.text!r}")
    print(f"browser: {broken.name}: error shown: {status.text}")

    # A report by its address (the test site on 127.0.0.1; the server allows private addresses).
    linchuan = FIXTURES / "html/linchuan_office_2019_ucap.html"
    truth = json.loads(pathlib.Path(f"{linchuan}.truth.json").read_text(encoding="utf-8"))
    address = f"http://127.0.0.1:{site_port}/report.html"
    driver.find_element(By.ID, "url").send_keys(address)
    driver.find_element(By.CSS_SELECTOR, "form#fetch button[type=submit]").click()
    check_report(driver, finished_row(driver, address), address, truth, cli_json(nianbao, address))
    print(f"browser: {address}: {len(truth['cells'])} cells as the truth")

    missing = f"http://127.0.0.1:{site_port}/gone.html"
    driver.find_element(By.ID, "url").send_keys(missing)
    driver.find_element(By.CSS_SELECTOR, "form#fetch button[type=submit]").click()
    status = finished_row(driver, missing).find_element(By.CSS_SELECTOR, "p.status")
    expect("error" in status.get_attribute("class").split() and "HTTP 404" in status.text, f"{missing}: {status.text!r}")
    print(f"browser: {missing}: error shown: {status.text}")

    # Failed requests (the 422 and 502 above) are logged by the browser as network errors;
    # anything else (a script error, a Content-Security-Policy violation) is a failure.
    errors = [e for e in console_errors(driver) if "Failed to load resource" not in e]
    expect(not errors, f"errors in the page's console: {errors}")


def main():
    arguments = sys.argv[1:]
    shots = None
    if len(arguments) == 3 and arguments[1] == "--screenshots":
        shots = pathlib.Path(arguments[2]).resolve()
        shots.mkdir(parents=True, exist_ok=True)
        arguments = arguments[:1]
    if len(arguments) != 1:
        sys.exit(__doc__)
    nianbao = str(pathlib.Path(arguments[0]).resolve())
    page = (FIXTURES / "html/linchuan_office_2019_ucap.html").read_bytes()
    site, site_port, site_folder = start_site({"/report.html": {
        "kind": "page", "body": base64.b64encode(page).decode(), "contentType": "text/html; charset=utf-8"}})
    server, port = start_server(nianbao)
    downloads = pathlib.Path(tempfile.mkdtemp(prefix="nianbao-browser-"))
    driver = None
    try:
        driver = browser(downloads)
        run(nianbao, driver, port, site_port, downloads, shots)
    except Failure as failure:
        print(f"test-browser: FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(timeout=30)
        site.stdin.close()
        site.terminate()
        shutil.rmtree(downloads, ignore_errors=True)
        shutil.rmtree(site_folder, ignore_errors=True)
    print("browser: the web app passed in headless Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
