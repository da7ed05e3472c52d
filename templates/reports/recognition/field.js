// Làng Số field app: the member's own record of the month ("my month"), counted on the server
// from the visits they sent. Loaded only when first opened, so the first load stays within its
// budget; the last record fetched is kept on the phone and shown, with its date, when offline.
const T = {{ texts|safe }};
const API = JSON.parse(document.getElementById("field-config").textContent).api;

function figures(ui, record) {
  const rows = [
    [T.visits, record.visits],
    [T.households, record.households],
    [T.people, record.people],
    [T.hours, String(record.hours).replace(".", ",")],
  ];
  return ui.element("dl", { class: "record-figures", id: "record-figures" },
    ...rows.map(([label, value]) => ui.element("div", {}, ui.element("dt", {}, label), ui.element("dd", {}, String(value)))));
}

function guided(ui, record) {
  const lines = [...record.guided, ...record.skills].sort((a, b) => b.people - a.people);
  if (!lines.length) return ui.element("p", { class: "muted", id: "record-guided" }, T.noneGuided);
  return ui.element("ul", { class: "list", id: "record-guided" },
    ...lines.map((line) => ui.element("li", {}, `${line.name}: `, ui.element("strong", {}, String(line.people)))));
}

async function fetchRecord(ui) {
  const token = await ui.meta("token");
  // In the language the app is shown in (the user's choice), not the phone system's.
  const response = await fetch(`${API}/me/record`, {
    headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "vi", Authorization: `Bearer ${token}` },
    credentials: "omit",
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`record ${response.status}`);
  const body = await response.json();
  const kept = { ...body, fetched: new Date().toISOString() };
  await ui.setMeta("record", kept);
  return kept;
}

export async function renderRecord(ui) {
  ui.show(ui.back(ui.home), ui.element("h1", {}, T.title), ui.element("p", { class: "muted" }, T.loading));
  let data = null;
  let note = "";
  try {
    data = await fetchRecord(ui);
  } catch {
    data = await ui.meta("record");
    note = data ? T.offline.replace("%(when)s", new Date(data.fetched).toLocaleString("vi-VN")) : T.unavailable;
  }
  if (!data) return ui.show(ui.back(ui.home), ui.element("h1", {}, T.title), ui.element("p", { class: "muted", id: "record-note" }, note));
  const period = T.period.replace("%(start)s", data.start.split("-").reverse().join("/")).replace("%(end)s", data.end.split("-").reverse().join("/"));
  ui.show(
    ui.back(ui.home),
    ui.element("h1", {}, T.title),
    ui.element("p", { class: "muted small" }, period),
    note ? ui.element("p", { class: "small", id: "record-note" }, note) : null,
    figures(ui, data.record),
    ui.element("h2", {}, T.guided),
    guided(ui, data.record),
  );
}
