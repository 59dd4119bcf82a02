# Fetch one fremdrift measurement with an API token (R, httr2) as a data frame.
# The token comes from the environment (e.g. ~/.Renviron: FREMDRIFT_TOKEN=fdt_...), never from
# the script: an administrator issues it (`fremdrift token issue NAME --kommune 657`) and you keep
# it like a password. A token reads aggregate measurements of its municipalities only
# (docs/security.md). Needs httr2 (install.packages("httr2"); Debian: r-cran-httr2).
library(httr2)

fremdrift_url <- Sys.getenv("FREMDRIFT_URL", "https://fremdrift.kommune.dk")
fremdrift_token <- Sys.getenv("FREMDRIFT_TOKEN")

hent_maaling <- function(maaling, ...) {
  resp <- request(fremdrift_url) |>
    req_url_path_append("api", "v1", "measurements", maaling) |>
    req_url_query(...) |>
    req_auth_bearer_token(fremdrift_token) |>
    req_error(body = function(resp) resp_body_json(resp)$error$message) |>
    req_perform()
  # The JSON Table: columns (name, type, role, unit, label) and rows (one object per row).
  resp_body_json(resp, simplifyVector = TRUE)$rows
}

herning <- hent_maaling("fuldtidspersoner", kommune = "657", from = "2019-01",
                        area = "kommune,rar,land")
head(herning)

# The same as CSV (plain: ',' and '.'), read with read.csv:
# resp_body_string(resp) |> textConnection() |> read.csv()
