// Playback of the years on the live map (callbacks/playback.py). Play asks the server once for every year's
// value-trace changes (the `playback-frames` store: layers/playback.py, one colour scale for all years);
// each frame is then handed to the map's fast recolouring path (atlas_map.apply in assets/map.js: values
// written into gd.data, regions recoloured through MapLibre feature state, no Plotly redraw of the
// polygons) and the year is shown on the map. Pause, or the last year, writes the year into the year
// control: the map, URL and panels then follow it as after any change. A user's change of a control
// stops the playback (at the year shown, unless the user chose a year). window.atlasPlayback keeps the state and per-frame paint times (tests, benchmarks).
(function () {
  const BUTTON = 'playback-button', YEAR = 'year-select', LABEL = 'playback-year', STATUS = 'map-status-store';
  const PLAY = 'Play years', PAUSE = 'Pause';
  const api = window.atlasPlayback = {
    frameMs: 800,  // shortest time a year stays on screen (a frame slower to paint stays its paint time)
    state: 'stopped',  // 'loading' (frames asked), 'playing', 'stopped'
    year: null,  // the year painted last
    times: [],  // per frame: {year, ms} from handing the frame over until the map is drawn (MapLibre idle)
    pausedAt: null,  // the year of the last pause (play resumes after it while the year control shows it)
  };
  let run = 0;  // playback generation: a pause or a new play ends the frames of the earlier one
  let writing = null;  // the year this player writes into the year control (not a user's change)

  function noUpdate() { return window.dash_clientside.no_update; }

  function setProps(id, props) {
    if (window.dash_clientside && typeof window.dash_clientside.set_props === 'function') {
      window.dash_clientside.set_props(id, props);
    }
  }

  // The year on the map: a label over the map area, ours (not a Dash component), ignored by the pointer.
  function label() {
    let node = document.getElementById(LABEL);
    const area = document.querySelector('#map') && document.querySelector('#map').closest('.map-area');
    if (!node && area) {
      node = document.createElement('div');
      node.id = LABEL;
      node.className = 'playback-year';
      node.setAttribute('aria-live', 'off');
      node.hidden = true;
      area.appendChild(node);
    }
    return node;
  }

  function showYear(year) {
    const node = label();
    if (node) { node.textContent = String(year); node.hidden = false; }
  }

  function hideYear() {
    const node = label();
    if (node) { node.hidden = true; }
  }

  function setButton(playing) {  // the texts in the page's language: the button's data-play / data-pause
    const node = document.getElementById(BUTTON);
    const texts = {play: (node && node.dataset.play) || PLAY, pause: (node && node.dataset.pause) || PAUSE};
    setProps(BUTTON, {children: playing ? texts.pause : texts.play});
  }

  function wait(ms) {
    return new Promise(function (resolve) { window.setTimeout(resolve, Math.max(0, ms)); });
  }

  // The change of frame i: its values and title; the shared scale with the first frame played.
  function changesOf(frames, i, first) {
    const frame = frames.frames[i];
    const trace = Object.assign({}, first ? frames.shared : {}, {z: frame.z, customdata: frame.customdata});
    return {geometry: frames.geometry, traces: {[frames.value_trace]: trace}, layout: {'title.text': frame.title}};
  }

  // Stop; unless `keepYear` (the user chose a year), the year shown goes into the year control.
  function pause(keepYear) {
    run += 1;
    const wasPlaying = api.state !== 'stopped';
    api.state = 'stopped';
    setButton(false);
    if (wasPlaying && api.year !== null && !keepYear) {
      api.pausedAt = api.year;
      writing = api.year;
      setProps(YEAR, {value: api.year});  // the map, the URL and the panels follow the year control
    }
  }

  async function loop(token, frames, start) {
    for (let i = start; i < frames.frames.length; i++) {
      if (token !== run) { return; }
      const started = performance.now();
      await window.dash_clientside.atlas_map.apply(changesOf(frames, i, i === start));
      const ms = performance.now() - started;
      if (token !== run) { return; }
      api.year = frames.frames[i].year;
      api.times.push({year: api.year, ms: ms});
      showYear(api.year);
      setProps(STATUS, {data: frames.frames[i].status});  // the status bar's line for this year
      if (i < frames.frames.length - 1) { await wait(api.frameMs - ms); }
    }
    if (token === run) { pause(); }  // the last year: stays, as after a pause
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas_playback: {
      // Play (ask the server for the frames) or pause.
      toggle: function () {
        if (api.state !== 'stopped') { pause(); return noUpdate(); }
        api.state = 'loading';
        api.year = null;
        setButton(true);
        return {at: Date.now()};
      },
      // The frames arrived: paint them, from the first year (or after the year of the last pause).
      play: function (frames) {
        if (!frames || !frames.frames || !frames.frames.length || api.state !== 'loading') { return noUpdate(); }
        const years = frames.years;
        const after = years.indexOf(api.pausedAt);
        const start = api.pausedAt === frames.from && after >= 0 && after < years.length - 1 ? after + 1 : 0;
        run += 1;
        api.state = 'playing';
        api.times = [];
        api.pausedAt = null;
        loop(run, frames, start).catch(function (error) {
          console.warn('playback stopped:', error);  // e.g. the map's figure was replaced meanwhile
          pause();
        });
        return {state: 'playing', years: years, start: years[start]};
      },
      // A control changed: by the user (stop, hide the year label) or by our pause (keep the label).
      controls: function () {
        const changes = window.dash_clientside.callback_context.triggered || [];
        const triggered = changes.map(function (t) { return t.prop_id; });
        const ours = writing !== null && changes.length === 1 && triggered[0] === YEAR + '.value'
          && changes[0].value === writing;
        writing = null;
        if (ours) { return noUpdate(); }
        // another control: the new view starts at the year shown; the year control: the user's year stays
        if (api.state !== 'stopped') { pause(triggered.indexOf(YEAR + '.value') >= 0); }
        hideYear();
        return {state: api.state};
      },
    },
  });
})();
