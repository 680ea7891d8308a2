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
#[derive(Clone, Copy)]
pub struct Said(pub WriteSignal<String>);

#[component]
pub fn Menus() -> impl IntoView {
    let (said, set_said) = signal(String::new());
    provide_context(Said(set_said));
    #[cfg(feature = "browser")]
    close_menus_on_click();
    view! {
        <Menu title="Share" key="share-menu">
            <ShareItems />
        </Menu>
        <Menu title="Download" key="download-menu">
            <DownloadItems />
        </Menu>
        <p class="menu-status" role="status" aria-live="polite" data-testid="toolbar-status">
            {move || said.get()}
        </p>
    }
}

/// A disclosure whose items drop down over the page, moving nothing. Escape closes it and gives
/// the focus back to its button; choosing an item, a click elsewhere (`close_menus_on_click`)
/// or Tab out of it closes it too.
#[component]
fn Menu(title: &'static str, key: &'static str, children: Children) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move |focus_button: bool| {
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
            if focus_button {
                if let Some(summary) = details.first_element_child() {
                    if let Ok(summary) =
                        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(summary)
                    {
                        let _ = summary.focus();
                    }
                }
            }
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu.get_untracked().is_some_and(|d| d.open()) {
            ev.stop_propagation();
            close(true);
        }
    };
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        // Focus going nowhere is not Tab: a click (which some browsers never give the focus to
        // a button) is the click listener's to judge.
        let leaves = ev
            .related_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
            .zip(menu.get_untracked())
            .is_some_and(|(to, details)| !details.contains(Some(&to)));
        if leaves {
            close(false);
        }
    };
    view! {
        <details class="menu" data-testid=key node_ref=menu on:keydown=on_keydown on:focusout=on_focusout>
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
            Ok(_) => said.0.set(done.to_string()),
            Err(_) => said.0.set(format!("Copy this: {text}")),
        }
    });
}
