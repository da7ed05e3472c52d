// Làng Số field app: households of the member's villages kept on the phone (IndexedDB), visits
// recorded offline into an outbox, and a sync that pushes the outbox and pulls what changed.
// Plain JavaScript, no framework: the first load stays small on a cheap phone and a weak link.

const config = JSON.parse(document.getElementById("field-config").textContent);
const L = config.labels;
const app = document.getElementById("app");
const net = document.getElementById("net");

// Storage -------------------------------------------------------------------------------------

const STORES = ["meta", "households", "residents", "outbox", "rejected"];
let database = null;

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("langso-field", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("meta");
      db.createObjectStore("households", { keyPath: "id" });
      db.createObjectStore("residents", { keyPath: "id" }).createIndex("household", "household_id");
      db.createObjectStore("outbox", { keyPath: "id" });
      db.createObjectStore("rejected", { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function store(name, mode, work) {
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(name, mode);
    const result = work(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(result && "result" in result ? result.result : result);
    transaction.onerror = () => reject(transaction.error);
  });
}

const getAll = (name) => store(name, "readonly", (s) => s.getAll());
const getOne = (name, key) => store(name, "readonly", (s) => s.get(key));
const putOne = (name, value, key) => store(name, "readwrite", (s) => (key === undefined ? s.put(value) : s.put(value, key)));
const putMany = (name, values) => store(name, "readwrite", (s) => values.forEach((v) => s.put(v)));
const removeOne = (name, key) => store(name, "readwrite", (s) => s.delete(key));
const residentsOf = (household) => store("residents", "readonly", (s) => s.index("household").getAll(household));
const meta = (key) => getOne("meta", key);
const setMeta = (key, value) => putOne("meta", value, key);

// Logging out (or a login revoked elsewhere) leaves nothing of the member's on the phone: every
// store is emptied in one transaction. The service worker's cache holds only the app's shell.
function wipe() {
  current = { view: "list", household: null, query: "", flash: null };
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(STORES, "readwrite");
    STORES.forEach((name) => transaction.objectStore(name).clear());
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
}

// Text ----------------------------------------------------------------------------------------

function fold(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
    .replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "on") Object.entries(value).forEach(([event, handler]) => node.addEventListener(event, handler));
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child.nodeType ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(...nodes) {
  app.replaceChildren(...nodes);
}

function when(iso) {
  if (!iso) return L.never;
  const moment = new Date(iso);
  return moment.toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
}

// Network -------------------------------------------------------------------------------------

// Thrown when the server no longer takes the phone's token; carries what the login page says.
class LoggedOut extends Error {
  constructor(notice) {
    super("unauthorised");
    this.notice = notice;
  }
}

// The app is known by its token alone: no cookie goes with its calls (a web session in the same
// browser must not stand in for a revoked token), and no answer is kept in the browser's cache.
async function api(path, options = {}) {
  const token = await meta("token");
  if (!token) throw new LoggedOut();
  const headers = { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` };
  const response = await fetch(config.api + path, { ...options, headers, credentials: "omit", cache: "no-store" });
  if (response.status === 401) {
    const answer = await response.json().catch(() => ({}));
    if (answer.details && answer.details.reason === "revoked") {
      // Revoked on purpose (by the member elsewhere, or an officer: a lost phone): the data goes.
      await wipe();
      throw new LoggedOut(L.revoked);
    }
    // Expired (or unknown): the member logs in again and the visits waiting here are then sent.
    await setMeta("token", null);
    throw new LoggedOut(L.expired);
  }
  return response;
}

function showNetwork() {
  net.textContent = navigator.onLine ? L.online : L.offline;
  net.classList.toggle("off", !navigator.onLine);
}

let syncing = false;

async function sync() {
  if (syncing || !navigator.onLine || !(await meta("token"))) return;
  syncing = true;
  setSyncLabel(L.syncing);
  try {
    const outbox = await getAll("outbox");
    for (let start = 0; start < outbox.length; start += 200) {
      const batch = outbox.slice(start, start + 200);
      const response = await api("/sync/push", {
        method: "POST",
        body: JSON.stringify({ device_id: await deviceId(), events: batch.map((item) => item.event) }),
      });
      if (!response.ok) throw new Error(`push ${response.status}`);
      const body = await response.json();
      for (const result of body.results) {
        const item = batch.find((entry) => entry.id === result.id);
        if (result.status === "rejected" && item) await putOne("rejected", { ...item, code: result.code, message: result.message });
        await removeOne("outbox", result.id);
      }
    }
    let cursor = await meta("cursor");
    for (;;) {
      const response = await api(`/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (!response.ok) throw new Error(`pull ${response.status}`);
      const body = await response.json();
      if (body.indicators.length) await setMeta("indicators", body.indicators);
      await putMany("households", body.households);
      await putMany("residents", body.residents);
      cursor = body.cursor;
      if (!body.more) break;
    }
    await setMeta("cursor", cursor);
    await setMeta("lastSync", new Date().toISOString());
  } catch (error) {
    if (error instanceof LoggedOut) {
      syncing = false;
      return renderLogin(error.notice);
    }
    setSyncLabel(L.syncFailed);
  } finally {
    syncing = false;
  }
  await refresh();
}

async function deviceId() {
  let id = await meta("device");
  if (!id) {
    id = crypto.randomUUID();
    await setMeta("device", id);
  }
  return id;
}

function setSyncLabel(text) {
  const label = document.getElementById("sync-state");
  if (label) label.textContent = text;
}

// Views ---------------------------------------------------------------------------------------

let current = { view: "list", household: null, query: "", flash: null };

async function refresh() {
  if (!(await meta("token"))) return renderLogin();
  if (current.view === "household") return renderHousehold(current.household);
  // Never throw away a form being filled in, nor the question asked before logging out.
  if (current.view === "visit" || current.view === "logout") return;
  return renderList();
}

async function renderLogin(problem) {
  // After an expired login the phone still keeps its member's data and unsent visits: say whose,
  // since logging in as someone else deletes them (they cannot be sent under another name).
  const previous = await meta("username");
  const unsent = previous ? (await getAll("outbox")).length : 0;
  const username = element("input", { type: "text", id: "username", name: "username", autocomplete: "username", required: true });
  const password = element("input", { type: "password", id: "password", name: "password", autocomplete: "current-password", required: true });
  const otp = element("input", { type: "text", id: "otp", name: "otp", inputmode: "numeric", autocomplete: "one-time-code" });
  const form = element("form", { on: { submit: login } },
    element("h1", {}, L.title),
    problem ? element("p", { class: "alert", role: "alert", id: "login-notice" }, problem) : null,
    previous ? element("p", { class: "small", id: "previous-user" }, L.otherUser.replace("%(name)s", previous).replace("%(count)s", unsent)) : null,
    element("label", { for: "username" }, L.username), username,
    element("label", { for: "password" }, L.password), password,
    element("label", { for: "otp" }, L.otp), otp,
    element("div", { class: "bar" }, element("button", { type: "submit", class: "primary" }, L.login)),
  );
  show(form);

  async function login(event) {
    event.preventDefault();
    if (!navigator.onLine) return renderLogin(L.offlineLogin);
    const body = { username: username.value.trim(), password: password.value };
    if (otp.value.trim()) body.otp = otp.value.trim();
    const model = await deviceModel();
    if (model) body.device = model;
    const response = await fetch(`${config.api}/auth/token`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "omit",
    });
    const answer = await response.json();
    if (!response.ok) {
      return renderLogin(answer.code === "AUTH_OTP_REQUIRED" ? L.otpNeeded : answer.message || L.loginFailed);
    }
    if (previous && previous !== body.username) await wipe();
    await setMeta("token", answer.token);
    await setMeta("username", body.username);
    current = { view: "list", household: null, query: "", flash: null };
    await renderList();
    await sync();
  }
}

async function header() {
  const pending = (await getAll("outbox")).length;
  return element("div", { class: "bar" },
    element("span", { class: "grow small muted" },
      `${L.lastSync}: `, element("span", { id: "last-sync" }, when(await meta("lastSync"))), " · ",
      element("span", { id: "sync-state" }, ""),
    ),
    element("span", { class: "pill", id: "pending", "aria-label": L.pending, title: L.pending }, `${L.pending}: ${pending}`),
    element("button", { type: "button", id: "sync", class: "primary", on: { click: () => sync() } }, L.sync),
  );
}

async function renderList() {
  current.view = "list";
  const households = await getAll("households");
  const residents = await getAll("residents");
  const names = new Map();
  residents.forEach((resident) => names.set(resident.household_id, `${names.get(resident.household_id) || ""} ${resident.full_name}`));
  const search = element("input", { type: "search", id: "search", placeholder: L.search, "aria-label": L.search, value: current.query });
  const list = element("ul", { class: "list", id: "households" });
  const fill = () => {
    const needle = fold(search.value);
    current.query = search.value;
    const found = households
      .filter((household) => !needle || fold(`${household.head_name} ${names.get(household.id) || ""} ${household.number}`).includes(needle))
      .sort((a, b) => fold(a.head_name).localeCompare(fold(b.head_name)));
    list.replaceChildren(...found.slice(0, 300).map((household) => element("li", {},
      element("button", { type: "button", "data-household": household.id, on: { click: () => renderHousehold(household.id) } },
        element("strong", {}, household.head_name || `#${household.id}`),
        element("span", { class: "small muted" }, ` · ${household.village}${household.number ? ` · ${household.number}` : ""}`),
      ),
    )));
  };
  search.addEventListener("input", fill);
  fill();
  const rejected = await getAll("rejected");
  show(
    await header(),
    current.flash ? element("p", { class: "ok", role: "status" }, current.flash) : null,
    rejected.length ? element("p", { class: "alert" }, `${L.rejected}: ${rejected.map((r) => r.message).join("; ")}`) : null,
    element("h1", {}, L.households),
    search,
    households.length ? list : element("p", { class: "muted" }, L.noHouseholds),
    element("p", { class: "small" }, element("a", { href: config.trust }, L.trust), " · ",
      element("button", { type: "button", class: "small", on: { click: logout } }, L.logout)),
  );
  current.flash = null;
}

// The phone's model, when the browser tells it (Chrome on Android no longer puts it in its user
// agent): it names this phone in the member's list of devices logged in.
async function deviceModel() {
  try {
    if (!navigator.userAgentData) return "";
    const values = await navigator.userAgentData.getHighEntropyValues(["model"]);
    return (values.model || "").slice(0, 60);
  } catch {
    return "";
  }
}

// Logging out revokes the phone's token on the server, then deletes everything the app keeps.
// Visits not sent yet would be lost with it, so the member is asked first, with their number.
async function logout() {
  const unsent = (await getAll("outbox")).length;
  if (unsent || !navigator.onLine) return renderLogout(unsent, !navigator.onLine);
  return finishLogout(false);
}

function renderLogout(unsent, offline) {
  current.view = "logout";
  show(
    element("h1", {}, L.logoutTitle),
    element("p", {}, L.logoutWipe),
    unsent ? element("p", { class: "alert", role: "alert", id: "unsent-warning" }, L.logoutUnsent.replace("%(count)s", unsent)) : null,
    offline ? element("p", { class: "alert", id: "offline-warning" }, L.logoutOffline) : null,
    element("div", { class: "bar" },
      element("button", { type: "button", class: "danger", id: "confirm-logout", on: { click: () => finishLogout(offline) } }, L.logoutConfirm),
      unsent && !offline ? element("button", { type: "button", id: "sync-first", on: { click: syncThenAsk } }, L.logoutSyncFirst) : null,
      element("button", { type: "button", id: "cancel-logout", on: { click: () => renderList() } }, L.cancel),
    ),
  );
}

// "Sync first" from the question: send what can be sent, then ask again with what is left.
async function syncThenAsk() {
  await sync();
  if (await meta("token")) return renderLogout((await getAll("outbox")).length, !navigator.onLine);
}

async function finishLogout(offlineAccepted) {
  while (syncing) await new Promise((resolve) => setTimeout(resolve, 100));
  const token = await meta("token");
  let revoked = !token;
  if (token && navigator.onLine) {
    try {
      const response = await fetch(`${config.api}/auth/token`, {
        method: "DELETE", headers: { Authorization: `Bearer ${token}` }, credentials: "omit",
      });
      // 401: the token no longer worked anyway (revoked elsewhere, or expired).
      revoked = response.status === 204 || response.status === 401;
    } catch {
      revoked = false;
    }
  }
  if (!revoked && !offlineAccepted) {
    return renderLogout((await getAll("outbox")).length, true);
  }
  await wipe();
  return renderLogin(L.loggedOut);
}

function applies(indicator, resident, year) {
  if (indicator.population !== "residents") return false;
  if (indicator.min_age === null || indicator.min_age === undefined) return true;
  return resident.birth_year !== null && year - resident.birth_year >= indicator.min_age;
}

async function renderHousehold(id) {
  current = { ...current, view: "household", household: id };
  const household = await getOne("households", id);
  const residents = await residentsOf(id);
  const indicators = (await meta("indicators")) || [];
  const year = new Date().getFullYear();
  show(
    await header(),
    element("p", {}, element("button", { type: "button", on: { click: renderList } }, `← ${L.back}`)),
    element("h1", {}, household.head_name),
    ...residents.map((resident) => element("div", { class: "card", "data-resident": resident.id },
      element("strong", {}, resident.full_name),
      element("span", { class: "small muted" }, ` · ${resident.relationship || ""}${resident.birth_year ? ` · ${resident.birth_year}` : ""}${resident.id_masked ? ` · ${resident.id_masked}` : ""}`),
      element("div", { class: "badges" }, ...indicators.filter((i) => applies(i, resident, year)).map((indicator) =>
        element("span", { class: `badge${resident.status[indicator.code] ? " yes" : ""}`, title: indicator.name },
          `${resident.status[indicator.code] ? "✓" : "·"} ${indicator.short || indicator.name}`))),
    )),
    element("div", { class: "bar" }, element("button", { type: "button", class: "primary", id: "record", on: { click: () => renderVisit(id) } }, L.record)),
  );
}

async function renderVisit(id) {
  current = { ...current, view: "visit", household: id };
  const household = await getOne("households", id);
  const residents = await residentsOf(id);
  const indicators = (await meta("indicators")) || [];
  const year = new Date().getFullYear();
  const topics = config.topics.map((topic) => element("label", { class: "check" },
    element("input", { type: "checkbox", name: "topic", value: topic.code }), topic.name));
  const people = residents.map((resident) => element("div", { class: "person" },
    element("label", { class: "check" }, element("input", { type: "checkbox", name: "present", value: resident.id, checked: true }), element("strong", {}, resident.full_name)),
    ...indicators.filter((i) => applies(i, resident, year)).map((indicator) => element("label", { class: "check small" },
      element("input", { type: "checkbox", name: "learnt", "data-resident": resident.id, "data-indicator": indicator.code, checked: Boolean(resident.status[indicator.code]) }),
      element("span", { title: indicator.name }, indicator.short || indicator.name))),
  ));
  const note = element("textarea", { id: "note", rows: 3, maxlength: 2000 });
  const minutes = element("input", { id: "minutes", type: "number", min: 1, max: 600, inputmode: "numeric" });
  const place = element("input", { id: "place", type: "checkbox" });
  const started = Date.now();
  const form = element("form", { on: { submit: save } },
    element("h1", {}, `${L.record}: ${household.head_name}`),
    element("fieldset", {}, element("legend", {}, L.topics), ...topics),
    element("fieldset", {}, element("legend", {}, L.learnt), ...people),
    element("label", { for: "note" }, L.note), note,
    element("label", { for: "minutes" }, L.minutes), minutes,
    element("label", { class: "check" }, place, L.place),
    element("div", { class: "bar" },
      element("button", { type: "submit", class: "primary", id: "save-visit" }, L.save),
      element("button", { type: "button", on: { click: () => renderHousehold(id) } }, L.back)),
  );
  show(form);

  async function save(event) {
    event.preventDefault();
    const observations = [];
    for (const box of form.querySelectorAll("input[name=learnt]")) {
      const resident = residents.find((r) => r.id === Number(box.dataset.resident));
      if (Boolean(resident.status[box.dataset.indicator]) !== box.checked) {
        observations.push({ resident_id: resident.id, indicator: box.dataset.indicator, value: box.checked });
        resident.status[box.dataset.indicator] = box.checked;
      }
    }
    const visit = {
      id: crypto.randomUUID(),
      kind: "visit",
      household_id: id,
      occurred_at: new Date().toISOString(),
      topics: [...form.querySelectorAll("input[name=topic]:checked")].map((box) => box.value),
      residents_present: [...form.querySelectorAll("input[name=present]:checked")].map((box) => Number(box.value)),
      observations,
      note: note.value.trim(),
      // Typed by the member, else the time the form was open (at least a minute, and no more
      // than a member may type: a form left open overnight is no ten-hour visit, and the
      // server refuses a duration over a day).
      duration_minutes: Number(minutes.value) || Math.min(600, Math.max(1, Math.round((Date.now() - started) / 60000))),
    };
    // The place is asked of the phone only when the household agreed, and never waited on long.
    if (place.checked) {
      const spot = await here();
      if (spot) Object.assign(visit, { location: spot, location_consent: true });
    }
    await putOne("outbox", { id: visit.id, event: visit });
    // What the member just learnt shows at once, before the server has it.
    await putMany("residents", residents);
    current = { ...current, view: "list", flash: L.saved };
    await renderList();
    if (navigator.onLine) sync();
  }
}

function here() {
  if (!("geolocation" in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => navigator.geolocation.getCurrentPosition(
    (position) => resolve({ lat: Number(position.coords.latitude.toFixed(5)), lon: Number(position.coords.longitude.toFixed(5)) }),
    () => resolve(null),
    { timeout: 8000, maximumAge: 600000 },
  ));
}

// Start ---------------------------------------------------------------------------------------

async function start() {
  database = await openDatabase();
  showNetwork();
  window.addEventListener("online", () => { showNetwork(); sync(); });
  window.addEventListener("offline", showNetwork);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("sw.js", { scope: "./" });
  await refresh();
  if (navigator.onLine) sync();
  setInterval(() => { if (navigator.onLine) sync(); }, 60000);
}

start();
