// Làng Số field app: the member's own record of the month ("my month"), counted on the server
// from the visits they sent. Loaded only when first opened, so the first load stays within its
// budget: for the same reason app.js hands it nothing, and it keeps its own few tools. Its
// screen is drawn beside the app's (which is hidden meanwhile), so a sync that redraws the list
// underneath does not take the member away. The last record fetched is kept on the phone and
// shown, with when it was fetched, while offline.
const T = {{ texts|safe }};
const API = JSON.parse(document.getElementById("field-config").textContent).api;

// The app's own database (app.js made it; logging out empties it): the token, and the record.
function meta(key, value) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("langso-field");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction("meta", value === undefined ? "readonly" : "readwrite");
      const store = transaction.objectStore("meta");
      const asked = value === undefined ? store.get(key) : store.put(value, key);
      transaction.oncomplete = () => {
        db.close();
        resolve(asked.result);
      };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "click") node.addEventListener("click", value);
    else if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

const day = (iso) => iso.split("-").reverse().join("/");

function close() {
  document.getElementById("record")?.remove();
  document.getElementById("app").hidden = false;
}

function draw(...nodes) {
  const app = document.getElementById("app");
  let screen = document.getElementById("record");
  if (!screen) {
    screen = element("main", { id: "record", "aria-live": "polite" });
    app.after(screen);
  }
  app.hidden = true;
  screen.replaceChildren(
    element("p", {}, element("button", { type: "button", class: "back", click: close }, `← ${T.back}`)),
    element("h1", {}, T.title),
    ...nodes.filter(Boolean),
  );
  window.scrollTo(0, 0);
}

function figures(record) {
  const rows = [
    [T.visits, record.visits],
    [T.households, record.households],
    [T.people, record.people],
    [T.hours, String(record.hours).replace(".", ",")],
  ];
  return element("dl", { class: "record-figures", id: "record-figures" },
    ...rows.map(([label, value]) => element("div", {}, element("dt", {}, label), element("dd", {}, String(value)))));
}

function guided(record) {
  const lines = [...record.guided, ...record.skills].sort((a, b) => b.people - a.people);
  if (!lines.length) return element("p", { class: "muted", id: "record-guided" }, T.noneGuided);
  return element("ul", { class: "list", id: "record-guided" },
    ...lines.map((line) => element("li", {}, `${line.name}: `, element("strong", {}, String(line.people)))));
}

async function fetchRecord() {
  const token = await meta("token");
  // In the language the app is shown in (the user's choice), not the phone system's.
  const response = await fetch(`${API}/me/record`, {
    headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "vi", Authorization: `Bearer ${token}` },
    credentials: "omit",
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`record ${response.status}`);
  const kept = { ...(await response.json()), fetched: new Date().toISOString() };
  await meta("record", kept);
  return kept;
}

export async function open() {
  draw(element("p", { class: "muted" }, T.loading));
  let data = null;
  let note = "";
  try {
    data = await fetchRecord();
  } catch {
    data = await meta("record");
    note = data ? T.offline.replace("%(when)s", new Date(data.fetched).toLocaleString("vi-VN")) : T.unavailable;
  }
  if (!data) return draw(element("p", { class: "muted", id: "record-note" }, note));
  draw(
    element("p", { class: "muted small" }, T.period.replace("%(start)s", day(data.start)).replace("%(end)s", day(data.end))),
    note ? element("p", { class: "small", id: "record-note" }, note) : null,
    figures(data.record),
    element("h2", {}, T.guided),
    guided(data.record),
  );
}
