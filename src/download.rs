//! Handing a file to the visitor: a Blob or data URL clicked as a download link.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as a file download.
pub fn save_text(text: &str, mime: &str, name: &str) -> Result<(), ()> {
    let url = blob_url(text, mime)?;
    let saved = save_url(&url, name);
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(60),
    );
    saved
}

/// A `blob:` URL holding `text`; the caller revokes it.
pub fn blob_url(text: &str, mime: &str) -> Result<String, ()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())
}

/// Offers what `url` holds (a `blob:` or `data:` URL) as a file named `name`.
pub fn save_url(url: &str, name: &str) -> Result<(), ()> {
    let anchor = document()
        .create_element("a")
        .map_err(|_| ())?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| ())?;
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.click();
    Ok(())
}

/// The time now, in UTC: a calendar's stamp.
pub fn now_utc() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now();
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .unwrap_or_default()
        .naive_utc()
}

/// The link to a cluster's detail in a calendar event: the atlas's own address, whatever its
/// path, with `?cluster=…`.
pub fn detail_link(id: &str) -> String {
    let location = window().location();
    format!(
        "{}{}?cluster={}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        atlas_core::view::encode_component(id)
    )
}
