//! ISO 4217: the currency codes a shop may name. The host's own list, for tools and tests; in the
//! browser the [`Runtime`](super::ecma::Runtime) asks the JavaScript engine's (`Intl`), so that the
//! wasm carries no table.

/// ISO 4217 codes in use for payment, three letters each (hand-written: a crate's tables would be
/// several kilobytes where this is 500 bytes). Codes withdrawn since 2020 stay,
/// since a shop's older records may carry them (HRK, SLL, CUC, ANG, ZWL, VEF).
const CURRENCIES: &str = "AEDAFNALLAMDANGAOAARSAUDAWGAZNBAMBBDBDTBGNBHDBIFBMDBNDBOBBRLBSDBTNBWPBYNBZD\
CADCDFCHFCLPCNYCOPCRCCUCCUPCVECZKDJFDKKDOPDZDEGPERNETBEURFJDFKPGBPGELGHSGIPGMDGNFGTQGYDHKDHNL\
HRKHTGHUFIDRILSINRIQDIRRISKJMDJODJPYKESKGSKHRKMFKPWKRWKWDKYDKZTLAKLBPLKRLRDLSLLYDMADMDLMGA\
MKDMMKMNTMOPMRUMURMVRMWKMXNMYRMZNNADNGNNIONOKNPRNZDOMRPABPENPGKPHPPKRPLNPYGQARRONRSDRUBRWF\
SARSBDSCRSDGSEKSGDSHPSLESLLSOSSRDSSPSTNSVCSYPSZLTHBTJSTMTTNDTOPTRYTTDTWDTZSUAHUGXUSDUYUUZS\
VEDVEFVESVNDVUVWSTXAFXCDXCGXOFXPFYERZARZMWZWGZWL";

/// Whether `code` (upper case) is an ISO 4217 currency code (those withdrawn since 2020 included).
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && CURRENCIES.as_bytes().chunks(3).any(|c| c == code.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_currency_list_is_three_letter_codes_in_order() {
        let codes: Vec<&[u8]> = CURRENCIES.as_bytes().chunks(3).collect();
        assert!(codes.iter().all(|c| c.len() == 3 && c.iter().all(u8::is_ascii_uppercase)));
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        for code in ["EUR", "USD", "GBP", "JPY", "CHF", "SEK", "PLN", "DKK", "CZK", "HUF", "RON", "BGN", "NOK"] {
            assert!(is_currency(code), "{code}");
        }
        assert!(!is_currency("XAU") && !is_currency("EU") && !is_currency("EURO"));
    }
}
