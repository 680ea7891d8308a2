//! The country map and its list twin, the country index. Both select a country the same way
//! (`ViewState::with_only_country`) and say the same of it ("France, 88 clusters").
//!
//! Counts follow the search and the other filters (not the country filter itself), so the map is
//! an index of what the list would show. The projection happened at build time (`ingest map`);
//! the frame's arithmetic, the colour scale and the index's search are `atlas_core::map`'s; here
//! are the events and the drawing.

mod country_index;
mod world_map;

pub use country_index::CountryIndex;
pub use world_map::WorldMap;

/// Where `element` is on the screen, for `ViewBox::to_map`.
pub fn screen_rect(element: &web_sys::Element) -> atlas_core::map::ScreenRect {
    let r = element.get_bounding_client_rect();
    atlas_core::map::ScreenRect {
        left: r.left(),
        top: r.top(),
        width: r.width(),
        height: r.height(),
    }
}
