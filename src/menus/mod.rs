//! The header's two menus: Share (the view's link, the device's share sheet, a citation, the
//! embed code) and Download (the view's rows as CSV and JSON, its deadlines as a calendar, the
//! map as a picture). What an item did is said on one status line under them, in view while the
//! header is.

use leptos::prelude::*;

mod download;
mod share;

use download::DownloadItems;
use share::ShareItems;

/// Where an item says what it did ("Link copied to the clipboard.").
type Said = WriteSignal<String>;

#[component]
pub fn Menus() -> impl IntoView {
    let (said, set_said) = signal(String::new());
    #[cfg(feature = "browser")]
    close_menus_on_click();
    view! {
        <Menu title="Share" key="share-menu">
            <ShareItems said=set_said />
        </Menu>
        <Menu title="Download" key="download-menu">
            <DownloadItems said=set_said />
        </Menu>
        <p class="menu-status" role="status" aria-live="polite" data-testid="toolbar-status">
            {move || said.get()}
        </p>
    }
}

/// A disclosure whose items drop down over the page, moving nothing. Escape closes it and gives
/// the focus back to its button; choosing an item or a click elsewhere
/// (`close_menus_on_click`) closes it too.
#[component]
fn Menu(title: &'static str, key: &'static str, children: Children) -> impl IntoView {
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let menu = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(t).ok());
        if let Some(menu) = menu.filter(|m| ev.key() == "Escape" && m.open()) {
            ev.stop_propagation();
            menu.set_open(false);
            if let Some(summary) = menu
                .first_element_child()
                .and_then(|s| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(s).ok())
            {
                let _ = summary.focus();
            }
        }
    };
    view! {
        <details class="menu" data-testid=key on:keydown=on_keydown>
            <summary>{title}</summary>
            <div class="menu-items">{children()}</div>
        </details>
    }
}

/// Closes the open menus but the one `inside` is in (none: all of them).
fn close_menus(inside: Option<&web_sys::Node>) {
    let Ok(open) = document().query_selector_all("details.menu[open]") else {
        return;
    };
    for i in 0..open.length() {
        if let Some(details) = open
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(n).ok())
            .filter(|d| !inside.is_some_and(|node| d.contains(Some(node))))
        {
            details.set_open(false);
        }
    }
}

/// A click outside an open menu closes it: the page's listener, once.
#[cfg(feature = "browser")]
fn close_menus_on_click() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        close_menus(target.as_ref());
    });
    let _ = document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_click.forget();
}

/// Copies `text`; if the browser will not, shows it to copy by hand.
fn copy(text: String, done: &'static str, said: Said) {
    let promise = window().navigator().clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => said.set(done.to_string()),
            Err(_) => said.set(format!("Copy this: {text}")),
        }
    });
}
