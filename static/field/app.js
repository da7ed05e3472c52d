// Làng Số field app: households of the member's villages kept on the phone (IndexedDB), visits
// recorded offline into an outbox, and a sync that pushes the outbox and pulls what changed.
// Plain JavaScript, no framework: the first load stays small on a cheap phone and a weak link.

const config = JSON.parse(document.getElementById("field-config").textContent);
const L = config.labels;
const app = document.getElementById("app");
const net = document.getElementById("net");

// Storage ---

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
  current = { ...START };
  syncNote = "";
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(STORES, "readwrite");
    STORES.forEach((name) => transaction.objectStore(name).clear());
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
}

// Text ---

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

// replaceChildren writes a null it is given as the text "null": what is not shown is left out.
function show(...nodes) {
  app.replaceChildren(...nodes.filter((node) => node !== null && node !== undefined));
}

function when(iso) {
  if (!iso) return L.never;
  const moment = new Date(iso);
  return moment.toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
}

// Network ---

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
// What the bar under the header says of the last sync ("" until one ran in this page).
let syncNote = "";
// Raised when what a pull carries changes: the phone then pulls everything once again (3: the
// campaigns, and households' own statuses).
const PULL_VERSION = 3;

// The outbox in the order the member did things: a person added to a new household must reach
// the server after the household.
async function outboxInOrder() {
  return (await getAll("outbox")).sort((a, b) => (a.seq || 0) - (b.seq || 0));
}

// Asked for while a sync runs (an event saved meanwhile): another round follows at once.
let syncAgain = false;

async function sync() {
  if (syncing) {
    syncAgain = true;
    return;
  }
  if (!navigator.onLine || !(await meta("token"))) return;
  syncing = true;
  syncAgain = false;
  setSyncLabel(L.syncing);
  try {
    const outbox = await outboxInOrder();
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
        // A household or person added here is replaced by the server's, which the pull brings.
        if (item && item.event.kind === "household_create") await removeOne("households", `n:${item.id}`);
        if (item && item.event.kind === "resident_create") await removeOne("residents", `n:${item.id}`);
        await removeOne("outbox", result.id);
      }
    }
    let cursor = (await meta("pullVersion")) === PULL_VERSION ? await meta("cursor") : null;
    for (;;) {
      const response = await api(`/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (!response.ok) throw new Error(`pull ${response.status}`);
      const body = await response.json();
      if (body.indicators.length) await setMeta("indicators", body.indicators);
      if (body.member) await setMeta("me", body.member);
      await putMany("households", body.households);
      await putMany("residents", body.residents);
      // Sent whole when changed: a household taken away leaves the to-do.
      for (const [name, part] of Object.entries(body.parts || {})) await setMeta(name, part);
      if (body.parts?.guides) learning().then((m) => m.keepPictures(body.parts.guides), () => 0);
      await dropGone(body.gone_households || [], body.gone_residents || []);
      cursor = body.cursor;
      if (!body.more) break;
    }
    await setMeta("cursor", cursor);
    await setMeta("pullVersion", PULL_VERSION);
    await inbox("receipts");
    await setMeta("lastSync", new Date().toISOString());
    syncNote = L.synced;
  } catch (error) {
    if (error instanceof LoggedOut) {
      syncing = false;
      return renderLogin(error.notice);
    }
    syncNote = L.syncFailed;
    syncAgain = false;
  } finally {
    syncing = false;
  }
  await refresh();
  if (syncAgain) sync();
}

// Households and people that left the member's villages (died, withdrawn, merged, moved): off
// the phone. A merged household's id is remembered with the one kept, so a card left open on it
// (or a link to it) shows the household kept.
async function dropGone(households, residents) {
  for (const gone of residents) await removeOne("residents", gone.id);
  if (!households.length) return;
  const merged = (await meta("merged")) || {};
  for (const gone of households) {
    for (const resident of await residentsOf(gone.id)) await removeOne("residents", resident.id);
    await removeOne("households", gone.id);
    if (gone.into) merged[gone.id] = gone.into;
  }
  await setMeta("merged", merged);
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

// Every event the member makes goes to the outbox with its place in line.
let made = 0;
async function enqueue(event) {
  made = (made + 1) % 1000;
  await putOne("outbox", { id: event.id, seq: Date.now() * 1000 + made, event });
}

async function queue(event) {
  await enqueue(event);
  if (navigator.onLine) sync();
}

// Views ---

// campaign: the id of the campaign whose to-do the list shows (null: every household).
const START = { view: "list", household: null, campaign: null, query: "", village: "", order: "todo", limit: 50, flash: null };
let current = { ...START };

async function refresh() {
  if (!(await meta("token"))) return renderLogin();
  if (current.view === "household") return renderHousehold(current.household);
  // Never throw away a form being filled in, nor the question asked before logging out.
  if (current.view === "form" || current.view === "logout") return;
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
    current = { ...START };
    await renderList();
    await sync();
  }
}

async function header() {
  const pending = (await getAll("outbox")).length;
  const last = await meta("lastSync");
  return element("div", { class: "bar" },
    element("span", { class: "grow small muted" },
      `${L.lastSync}: `, element("span", { id: "last-sync" }, when(last)),
      element("span", { id: "sync-state" }, syncNote ? ` · ${syncNote}` : ""),
    ),
    element("span", { class: "pill", id: "pending", "aria-label": L.pending, title: L.pending }, `${L.pending}: ${pending}`),
    element("button", { type: "button", id: "sync", class: "primary", on: { click: () => sync() } }, L.sync),
  );
}

async function phoneData() {
  return { households: await getAll("households"), residents: await getAll("residents"), indicators: (await meta("indicators")) || [] };
}

// What the cards need: each household's people, and who of them lacks which indicator. For a
// campaign, only the households given to the member and its indicators, the household's own
// among them; otherwise the catalog's about people. From the statuses on the phone, so a visit
// recorded offline moves the list at once.
function todo(data, campaign) {
  const households = campaign ? data.households.filter((h) => campaign.households.includes(h.id)) : data.households;
  const indicators = campaign ? data.indicators.filter((i) => campaign.indicators.includes(i.code)) : data.indicators;
  const year = new Date().getFullYear();
  const people = new Map(households.map((household) => [household.id, []]));
  data.residents.forEach((resident) => {
    if (people.has(resident.household_id)) people.get(resident.household_id).push(resident);
  });
  return households.map((household) => {
    const members = people.get(household.id);
    const lacking = members.map((resident) => {
      const concerned = indicators.filter((i) => applies(i, resident, year));
      return { resident, concerned, missing: concerned.filter((i) => !(resident.status || {})[i.code]) };
    }).filter((row) => row.missing.length);
    const own = campaign ? indicators.filter((i) => concerns(i, household) && !(household.status || {})[i.code]) : [];
    const count = lacking.reduce((sum, row) => sum + row.missing.length, own.length);
    const last = (household.visits || [])[0] || null;
    return { household, members, lacking, own, count, last, named: Boolean(campaign), names: fold(`${household.head_name || ""} ${members.map((r) => r.full_name).join(" ")} ${household.number || ""}`) };
  });
}

function villages(rows) {
  const found = new Map();
  rows.forEach(({ household }) => {
    if (household.village_id) found.set(household.village_id, household.village_name || L.village);
  });
  return [...found].sort((a, b) => a[1].localeCompare(b[1], "vi"));
}

function day(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

function lastVisitLine(last) {
  if (!last) return element("span", { class: "small muted" }, L.notVisited);
  return element("span", { class: "small muted" }, `${L.lastVisit}: ${when(last.at)}${last.member ? ` · ${L.by} ${last.member}` : ""}`);
}

function card(row) {
  const { household, lacking, own, last, named } = row;
  const where = place(household);
  return element("li", {},
    element("button", { type: "button", class: "card-button", "data-household": household.id, on: { click: () => renderHousehold(household.id) } },
      element("strong", {}, household.head_name || L.household),
      household.local ? element("span", { class: "pill" }, L.notSentShort) : null,
      where ? element("span", { class: "small muted" }, ` · ${where}`) : null,
      lacking.length || own.length
        ? element("ul", { class: "lacks" },
          own.length ? element("li", { class: "small" }, element("span", {}, L.theHousehold), `: ${own.map((i) => i.short || i.name).join(", ")}`) : null,
          ...lacking.map(({ resident, concerned, missing }) => element("li", { class: "small" },
            element("span", {}, resident.full_name),
            // Someone who has nothing of the catalog yet is said so, not with the whole list; a
            // campaign's few indicators are always named.
            `: ${missing.length === concerned.length && !named ? L.lacksAll.replace("%(count)s", missing.length) : missing.map((i) => i.short || i.name).join(", ")}`)))
        : element("span", { class: "small ok-text" }, L.allDone),
      element("span", { class: "line" }, lastVisitLine(last)),
      household.follow_up ? element("span", { class: `line small follow${household.follow_up <= isoToday() ? " due" : ""}` }, `${L.followUp}: ${day(household.follow_up)}`) : null,
    ),
  );
}

const place = (household) => [household.village_name, household.number ? `${L.number} ${household.number}` : ""].filter(Boolean).join(" · ");

function isoToday() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

// Most left to do (then the day promised to come back, soonest first), or longest unvisited.
const visited = (row) => (row.last ? row.last.at : "");
const due = (row) => row.household.follow_up || "9";
const ORDERS = {
  todo: (a, b) => b.count - a.count || due(a).localeCompare(due(b)) || visited(a).localeCompare(visited(b)),
  unvisited: (a, b) => visited(a).localeCompare(visited(b)) || b.count - a.count,
};

// A phone offline for weeks still holds a campaign past its end: it is no longer shown.
const campaignsOn = async () => ((await meta("campaigns")) || []).filter((c) => c.ends_on >= isoToday());

// A campaign's to-do in a few words, and its end.
function progressLine(rows, campaign) {
  const done = rows.filter((row) => !row.count).length;
  return `${rows.length ? L.assigned.replace("%(count)s", rows.length).replace("%(done)s", done) : L.noneAssigned} · ${L.endsOn} ${day(campaign.ends_on)}`;
}

const flashed = () => current.flash && element("p", { class: "ok", role: "status" }, current.flash);

// Opens a campaign's to-do (``id``), or every household (null).
function openList(id) {
  Object.assign(current, { campaign: id, query: "", village: "", order: "todo", limit: 50 });
  return renderList();
}

// The list of households: every household of the member's villages, or, with a campaign open,
// that campaign's to-do (the households given to the member, with what is left to do there).
async function renderList() {
  current.view = "list";
  const data = await phoneData();
  const campaigns = await campaignsOn();
  const campaign = current.campaign === null ? null : campaigns.find((c) => c.id === current.campaign) || null;
  if (current.campaign !== null && !campaign) {
    // Closed, past its end, or its households taken back since the list was opened.
    Object.assign(current, { campaign: null, flash: L.campaignGone });
  }
  const rows = todo(data, campaign);
  const places = villages(rows);
  const search = element("input", { type: "search", id: "search", placeholder: L.search, "aria-label": L.search, value: current.query });
  const village = element("select", { id: "village", "aria-label": L.village },
    element("option", { value: "" }, L.allVillages),
    ...places.map(([id, name]) => element("option", { value: id, selected: String(id) === current.village }, name)));
  const order = element("select", { id: "order", "aria-label": L.orderBy },
    element("option", { value: "todo", selected: current.order === "todo" }, L.orderTodo),
    element("option", { value: "unvisited", selected: current.order === "unvisited" }, L.orderUnvisited));
  const list = element("ul", { class: "list", id: "households" });
  const count = element("p", { class: "small muted", id: "shown" });
  const more = element("button", { type: "button", id: "more" }, L.more);
  const fill = () => {
    const needle = fold(search.value);
    Object.assign(current, { query: search.value, village: village.value, order: order.value });
    const found = rows
      .filter((row) => !needle || row.names.includes(needle))
      .filter((row) => !village.value || String(row.household.village_id) === village.value)
      .sort(ORDERS[order.value] || ORDERS.todo);
    const shown = found.slice(0, current.limit);
    list.replaceChildren(...shown.map(card));
    count.textContent = L.shown.replace("%(shown)s", shown.length).replace("%(total)s", found.length);
    more.hidden = shown.length >= found.length;
  };
  const again = () => { current.limit = 50; fill(); };
  search.addEventListener("input", again);
  village.addEventListener("change", again);
  order.addEventListener("change", again);
  more.addEventListener("click", () => { current.limit += 50; fill(); });
  fill();
  const rejected = await getAll("rejected");
  const refusals = rejected.map((r) => r.message).filter(Boolean);
  show(
    await header(),
    flashed(),
    rejected.length ? element("div", { class: "alert", id: "rejected" },
      // The server's messages; a code alone is no message for a member.
      element("p", {}, refusals.length ? `${L.rejected}: ${refusals.join("; ")}` : L.rejected),
      element("button", { type: "button", class: "small", on: { click: async () => { await Promise.all(rejected.map((r) => removeOne("rejected", r.id))); renderList(); } } }, L.dismiss)) : null,
    ...(campaign
      ? [
        element("p", {}, element("button", { type: "button", class: "back", id: "all-households", on: { click: () => openList(null) } }, `← ${L.allHouseholds}`)),
        element("h1", { id: "todo-title" }, L.todo),
        element("div", { class: "card", id: "campaign" }, element("strong", {}, campaign.name),
          element("span", { class: "line small" }, `${L.goals}: ${data.indicators.filter((i) => campaign.indicators.includes(i.code)).map((i) => i.name).join("; ")}`),
          element("span", { class: "line small muted", id: "todo-progress" }, progressLine(rows, campaign))),
      ]
      : [
        campaigns.length ? element("ul", { class: "list", id: "campaigns" }, ...campaigns.map((c) => element("li", {},
          element("button", { type: "button", class: "card-button", "data-campaign": c.id, on: { click: () => openList(c.id) } },
            element("strong", {}, L.todoOf.replace("%(name)s", c.name)),
            element("span", { class: "line small muted" }, progressLine(todo(data, c), c)))))) : null,
        element("div", { class: "bar" }, element("h1", { class: "grow" }, L.households),
          element("button", { type: "button", id: "add-household", on: { click: renderAddHousehold } }, `+ ${L.addHousehold}`)),
      ]),
    search,
    element("div", { class: "bar filters" }, village, order),
    rows.length ? count : null,
    rows.length ? list : element("p", { class: "muted", id: "empty" }, campaign ? L.noneAssigned : L.noHouseholds),
    more,
    element("p", { class: "small" }, element("button", { type: "button", class: "small", id: "open-guides", on: { click: openGuides } }, L.guides), " · ",
      element("a", { href: config.trust }, L.trust), " · ",
      element("button", { type: "button", class: "small", on: { click: logout } }, L.logout)),
  );
  current.flash = null;
  inbox("entry");
}

// Announcements: inbox.js, loaded once some came.
const inbox = async (what) => (await meta("announcements"))?.length && (await import("/field/inbox.js"))[what](refresh);

// Guides and skills load when first needed; a guide stays open through a sync, like a form.
const learning = () => import("/field/learning.js");
async function openGuides() {
  current.view = "form";
  (await learning()).renderGuides({ element, show, back, home: renderList }, await meta("guides"));
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

// Whether an indicator about households is asked of this one (those about businesses, of
// household businesses only).
const concerns = (indicator, household) => indicator.population === "households" || (indicator.population === "businesses" && Boolean(household.is_business));

function applies(indicator, resident, year) {
  if (indicator.population !== "residents") return false;
  if (indicator.min_age === null || indicator.min_age === undefined) return true;
  return resident.birth_year !== null && resident.birth_year !== undefined && year - resident.birth_year >= indicator.min_age;
}

function topicName(code) {
  const topic = config.topics.find((t) => t.code === code);
  return topic ? topic.name : "";
}

function badge(indicator, status) {
  const has = Boolean((status || {})[indicator.code]);
  return element("span", { class: `badge${has ? " yes" : ""}`, title: indicator.name }, `${has ? "✓" : "·"} ${indicator.short || indicator.name}`);
}

function back(to) {
  return element("p", {}, element("button", { type: "button", class: "back", on: { click: to } }, `← ${L.back}`));
}

async function renderHousehold(id, notice) {
  const household = await getOne("households", id);
  if (!household) {
    const into = ((await meta("merged")) || {})[id];
    if (into && into !== id) return renderHousehold(into, L.mergedInto);
    current = { ...current, view: "list", flash: current.household === id ? L.gone : null };
    return renderList();
  }
  current = { ...current, view: "household", household: id, flash: notice || current.flash };
  const residents = await residentsOf(id);
  const indicators = (await meta("indicators")) || [];
  const year = new Date().getFullYear();
  const waiting = (await getAll("outbox")).filter((item) => item.event.kind === "correction");
  const followUp = element("input", { type: "date", id: "follow-up", value: household.follow_up || "", min: isoToday(), "aria-label": L.followUp });
  const where = place(household);
  const visits = household.visits || [];
  const own = indicators.filter((i) => concerns(i, household));
  const shops = element("section");
  show(
    await header(),
    back(renderList),
    flashed(),
    element("h1", {}, household.head_name || L.household),
    where ? element("p", { class: "muted" }, where) : null,
    household.local ? element("p", { class: "alert", id: "not-sent" }, L.notSent) : null,
    own.length && !household.local ? element("div", { class: "card", id: "household-status" },
      element("strong", {}, L.theHousehold),
      element("div", { class: "badges" }, ...own.map((i) => badge(i, household.status)))) : null,
    ...residents.map((resident) => {
      const asked = waiting.find((item) => item.event.resident_id === resident.id);
      return element("div", { class: "card", "data-resident": resident.id },
        element("strong", {}, resident.full_name),
        element("span", { class: "small muted" }, [resident.relationship, resident.birth_year, resident.id_masked].filter(Boolean).map((part) => ` · ${part}`).join("")),
        element("div", { class: "badges" }, ...indicators.filter((i) => applies(i, resident, year)).map((i) => badge(i, resident.status))),
        asked ? element("p", { class: "small pending-correction" }, `${L.correctionWaiting}: ${[asked.event.full_name, asked.event.birth_year].filter(Boolean).join(" · ")}`) : null,
        typeof resident.id === "number" ? element("button", { type: "button", class: "small correct", on: { click: () => renderCorrection(id, resident) } }, L.correct) : null,
      );
    }),
    element("div", { class: "bar" },
      household.local ? null : element("button", { type: "button", class: "primary", id: "record", on: { click: () => renderVisit(id) } }, L.record),
      element("button", { type: "button", id: "add-resident", on: { click: () => renderAddResident(id) } }, `+ ${L.addResident}`)),
    household.local ? null : element("form", { class: "card", id: "follow-up-form", on: { submit: saveFollowUp } },
      element("label", { for: "follow-up" }, L.followUp),
      element("div", { class: "bar" }, followUp,
        element("button", { type: "submit" }, L.followUpSet),
        household.follow_up ? element("button", { type: "button", id: "clear-follow-up", on: { click: () => setFollowUp(null) } }, L.followUpClear) : null)),
    shops,
    element("h2", {}, L.history),
    visits.length
      ? element("ul", { class: "history", id: "history" }, ...visits.map((visit) => element("li", {},
        element("strong", {}, when(visit.at)), visit.member ? ` · ${visit.member}` : "",
        (visit.topics || []).length ? element("div", { class: "small" }, visit.topics.map(topicName).filter(Boolean).join(", ")) : null,
        visit.note ? element("div", { class: "small muted" }, visit.note) : null)))
      : element("p", { class: "muted", id: "history" }, L.noHistory),
  );
  current.flash = null;
  import("/field/shops.js").then((m) => m.render(shops, household, queue, renderHousehold), () => 0);

  function saveFollowUp(event) {
    event.preventDefault();
    return setFollowUp(followUp.value || null);
  }

  async function setFollowUp(due) {
    await putOne("households", { ...household, follow_up: due });
    current.flash = L.followUpSaved;
    await queue({ kind: "follow_up", id: crypto.randomUUID(), household_id: id, due_on: due });
    return renderHousehold(id);
  }
}

// A small form of the app's own: title, fields, and what saving does (false: stay, with a
// message in the form).
function renderForm(title, fields, onSave, onBack) {
  current.view = "form";
  const problem = element("p", { class: "alert", role: "alert", hidden: true, id: "form-problem" });
  // The app's own checks, with its own words, rather than the browser's (in its own language).
  const form = element("form", { novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    const trouble = await onSave();
    if (trouble) {
      problem.textContent = trouble;
      problem.hidden = false;
    }
  } } },
  element("h1", {}, title), problem, ...fields,
  element("div", { class: "bar" },
    element("button", { type: "submit", class: "primary", id: "save-form" }, L.save),
    element("button", { type: "button", on: { click: onBack } }, L.back)));
  show(form);
}

function field(label, input) {
  return [element("label", { for: input.id }, label), input];
}

function yearInput(value) {
  return element("input", { type: "number", id: "birth-year", inputmode: "numeric", min: 1900, max: new Date().getFullYear(), value: value || "" });
}

function yearOf(input) {
  if (!input.value.trim()) return { year: null };
  const year = Number(input.value);
  if (!Number.isInteger(year) || year < 1900 || year > new Date().getFullYear()) return { problem: L.yearInvalid };
  return { year };
}

function personFields(head) {
  const name = element("input", { type: "text", id: "full-name", required: true, maxlength: 150, autocomplete: "off" });
  const year = yearInput("");
  const sex = element("select", { id: "sex" },
    element("option", { value: "" }, L.unknown), element("option", { value: "M" }, L.male), element("option", { value: "F" }, L.female));
  const relationship = element("input", { type: "text", id: "relationship", maxlength: 60, value: head ? L.head : "" });
  return { name, year, sex, relationship };
}

async function renderAddHousehold() {
  const places = villages(todo(await phoneData()));
  const village = element("select", { id: "new-village", required: true },
    ...places.map(([id, name]) => element("option", { value: id, selected: String(id) === current.village }, name)));
  const number = element("input", { type: "text", id: "number", maxlength: 30 });
  const person = personFields(true);
  renderForm(L.addHousehold, [
    ...field(L.village, village), ...field(L.headName, person.name), ...field(L.birthYear, person.year),
    ...field(L.sex, person.sex), ...field(L.number, number),
  ], async () => {
    const name = person.name.value.trim();
    const year = yearOf(person.year);
    if (!name) return L.nameNeeded;
    if (year.problem) return year.problem;
    if (!village.value) return L.village;
    const place = places.find(([id]) => String(id) === village.value);
    const household = { kind: "household_create", id: crypto.randomUUID(), village_id: Number(village.value), head_name: name, number: number.value.trim(), is_business: false };
    const head = { kind: "resident_create", id: crypto.randomUUID(), household_event: household.id, full_name: name, birth_year: year.year, sex: person.sex.value, relationship: L.head, is_head: true };
    const localId = `n:${household.id}`;
    await putOne("households", { id: localId, local: true, village_id: household.village_id, village_name: place ? place[1] : "", head_name: name, number: household.number, visits: [], follow_up: null });
    await putOne("residents", { id: `n:${head.id}`, household_id: localId, full_name: name, birth_year: year.year, relationship: L.head, status: {} });
    await enqueue(household);
    current.flash = L.added;
    await queue(head);
    return renderHousehold(localId);
  }, renderList);
}

async function renderAddResident(id) {
  const household = await getOne("households", id);
  const person = personFields(false);
  renderForm(`${L.addResident}: ${household.head_name || L.household}`, [
    ...field(L.fullName, person.name), ...field(L.birthYear, person.year), ...field(L.sex, person.sex),
    ...field(L.relationship, person.relationship),
  ], async () => {
    const name = person.name.value.trim();
    const year = yearOf(person.year);
    if (!name) return L.nameNeeded;
    if (year.problem) return year.problem;
    const event = { kind: "resident_create", id: crypto.randomUUID(), full_name: name, birth_year: year.year, sex: person.sex.value, relationship: person.relationship.value.trim(), is_head: false };
    if (household.local) event.household_event = id.slice(2);
    else event.household_id = id;
    await putOne("residents", { id: `n:${event.id}`, household_id: id, full_name: name, birth_year: year.year, relationship: event.relationship, status: {} });
    current.flash = L.added;
    await queue(event);
    return renderHousehold(id);
  }, () => renderHousehold(id));
}

function renderCorrection(id, resident) {
  const name = element("input", { type: "text", id: "full-name", maxlength: 150, value: resident.full_name });
  const year = yearInput(resident.birth_year);
  renderForm(`${L.correction}: ${resident.full_name}`, [...field(L.fullName, name), ...field(L.birthYear, year)], async () => {
    const checked = yearOf(year);
    if (checked.problem) return checked.problem;
    const newName = name.value.trim() !== resident.full_name ? name.value.trim() : "";
    const newYear = checked.year !== resident.birth_year ? checked.year : null;
    if (!newName && newYear === null) return L.nothingToCorrect;
    current.flash = L.correctionSent;
    await queue({ kind: "correction", id: crypto.randomUUID(), resident_id: resident.id, full_name: newName, birth_year: newYear });
    return renderHousehold(id);
  }, () => renderHousehold(id));
}

// The days a visit may be dated: today, and back to Monday of this week.
function daysThisWeek() {
  const today = new Date();
  const back = (today.getDay() + 6) % 7;
  return Array.from({ length: back + 1 }, (_, index) => {
    const date = new Date(today);
    date.setDate(today.getDate() - index);
    return date;
  });
}

async function renderVisit(id) {
  current = { ...current, view: "form", household: id };
  const household = await getOne("households", id);
  // Only people the server has: one added here is named in visits once it is synced.
  const residents = (await residentsOf(id)).filter((resident) => typeof resident.id === "number");
  // Opened from a campaign's to-do: its indicators come first, marked.
  const campaign = (await campaignsOn()).find((c) => c.id === current.campaign);
  const goals = new Set(campaign ? campaign.indicators : []);
  const indicators = ((await meta("indicators")) || []).sort((a, b) => goals.has(b.code) - goals.has(a.code));
  const year = new Date().getFullYear();
  // A box per indicator of a person (``who``: their id) or of the household (``who``: "").
  const box = (indicator, who, status) => element("label", { class: `check small${goals.has(indicator.code) ? " goal" : ""}` },
    element("input", { type: "checkbox", name: "learnt", "data-resident": who, "data-indicator": indicator.code, checked: Boolean((status || {})[indicator.code]) }),
    element("span", { title: indicator.name }, indicator.short || indicator.name));
  const topics = config.topics.map((topic) => element("label", { class: "check" },
    element("input", { type: "checkbox", name: "topic", value: topic.code }), topic.name));
  const skills = (await learning()).skillForm({ element, setMeta }, await meta("skills"));
  const people = residents.map((resident) => element("div", { class: "person" },
    element("label", { class: "check" }, element("input", { type: "checkbox", name: "present", value: resident.id, checked: true }), element("strong", {}, resident.full_name)),
    ...indicators.filter((i) => applies(i, resident, year)).map((i) => box(i, resident.id, resident.status)),
    skills.boxes(resident),
  ));
  // What the household has as a whole (broadband; a business's sales and QR payments).
  const owned = indicators.filter((i) => concerns(i, household)).map((i) => box(i, "", household.status));
  const days = daysThisWeek();
  const dayChoice = element("select", { id: "visit-day" }, ...days.map((date, index) => element("option", { value: index },
    index === 0 ? L.today : date.toLocaleDateString("vi-VN", { weekday: "long", day: "2-digit", month: "2-digit" }))));
  const now = new Date();
  const time = element("input", { type: "time", id: "visit-time", value: `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}` });
  const note = element("textarea", { id: "note", rows: 3, maxlength: 2000 });
  const minutes = element("input", { id: "minutes", type: "number", min: 1, max: 600, inputmode: "numeric" });
  const place = element("input", { id: "place", type: "checkbox" });
  const problem = element("p", { class: "alert", role: "alert", hidden: true, id: "visit-problem" });
  const started = Date.now();
  const form = element("form", { on: { submit: save } },
    element("h1", {}, `${L.record}: ${household.head_name || L.household}`),
    problem,
    element("div", { class: "bar" }, element("label", { for: "visit-day" }, L.when), dayChoice, element("label", { for: "visit-time" }, L.time), time),
    element("fieldset", {}, element("legend", {}, L.topics), ...topics),
    element("fieldset", {}, element("legend", {}, L.learnt), ...people),
    owned.length ? element("fieldset", { id: "household-learnt" }, element("legend", {}, L.householdHas), ...owned) : null,
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
    const recorded = new Date();
    const occurred = new Date(days[Number(dayChoice.value)]);
    const [hours, mins] = (time.value || "").split(":").map(Number);
    if (Number.isInteger(hours) && Number.isInteger(mins)) occurred.setHours(hours, mins, 0, 0);
    else occurred.setTime(recorded.getTime());
    if (occurred > recorded) {
      problem.textContent = L.futureVisit;
      problem.hidden = false;
      return;
    }
    const observations = [];
    const status = { ...household.status };
    for (const box of form.querySelectorAll("input[name=learnt]")) {
      const resident = residents.find((r) => String(r.id) === box.dataset.resident);
      const known = resident ? (resident.status = resident.status || {}) : status;
      if (Boolean(known[box.dataset.indicator]) !== box.checked) {
        observations.push({ resident_id: resident ? resident.id : null, indicator: box.dataset.indicator, value: box.checked });
        known[box.dataset.indicator] = box.checked;
      }
    }
    const visit = {
      id: crypto.randomUUID(),
      kind: "visit",
      household_id: id,
      occurred_at: occurred.toISOString(),
      recorded_at: recorded.toISOString(),
      topics: [...form.querySelectorAll("input[name=topic]:checked")].map((box) => box.value),
      residents_present: [...form.querySelectorAll("input[name=present]:checked")].map((box) => Number(box.value)),
      observations,
      skills: skills.changes(),
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
    // What the member just did shows at once, before the server has it: the statuses, and the
    // visit at the top of the household's history.
    await putMany("residents", residents);
    const mine = { at: visit.occurred_at, member: (await meta("me")) || L.you, topics: visit.topics, note: visit.note };
    const history = [...(household.visits || []), mine].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 5);
    await putOne("households", { ...household, status, visits: history });
    current = { ...current, view: "list", flash: L.saved };
    await enqueue(visit);
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

// Start ---

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
