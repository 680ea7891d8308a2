//! ISO 3166-1 country codes, from the `isocountry` crate: alpha-2 names for the source pages and
//! numeric → alpha-2 for the map's features.

/// The English name of an alpha-2 code, or an error for a code that does not exist.
pub fn country_name(cc: &str) -> Result<String, String> {
    if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "unknown country code {cc:?}: expected ISO 3166-1 alpha-2 in upper case, e.g. ES"
        ));
    }
    isocountry::CountryCode::for_alpha2(cc)
        .map(|c| c.name().to_string())
        .map_err(|_| format!("unknown country code {cc:?}: not an ISO 3166-1 alpha-2 code"))
}

/// The alpha-2 code ("ES") of an ISO 3166-1 numeric id as TopoJSON spells it ("724", "036").
pub fn alpha2_of(numeric: &str) -> Option<String> {
    let id: u32 = numeric.trim().parse().ok()?;
    isocountry::CountryCode::for_id(id)
        .ok()
        .map(|c| c.alpha2().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(country_name("ES").as_deref(), Ok("Spain"));
        for bad in ["ZZ", "es", "ESP", ""] {
            assert!(country_name(bad).is_err(), "{bad}");
        }
        assert_eq!(alpha2_of("724").as_deref(), Some("ES"));
        assert_eq!(alpha2_of("036").as_deref(), Some("AU"));
        assert_eq!(alpha2_of("x"), None);
    }
}
