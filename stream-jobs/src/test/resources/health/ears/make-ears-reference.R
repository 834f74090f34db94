# Reference values for CityOps' EARS C1, C2 and C3 (EarsTest), made by R's surveillance package.
#
#   Rscript make-ears-reference.R > ears-reference.csv
#
# Run with surveillance 1.20.3 (Debian bookworm: apt-get install r-cran-surveillance). The series
# is 120 days of daily counts: a Poisson background of mean 4 with a weekly rhythm, an outbreak
# from day 70 to day 84 (mean 12), and two single-day spikes, so every method has alarms and quiet
# days to agree on. Each method is run twice: with the package's defaults (alpha 0.001 for C1 and
# C2, 0.025 for C3; no floor on the standard deviation) and with minSigma = 1 and alpha = 0.01.
suppressPackageStartupMessages(library(surveillance))
set.seed(20261129)
days <- 120
mu <- 4 * (1 + 0.3 * sin(2 * pi * (1:days) / 7))
mu[70:84] <- 12
counts <- rpois(days, mu)
counts[30] <- counts[30] + 15
counts[100] <- counts[100] + 9
series <- sts(observed = matrix(counts, ncol = 1), start = c(2024, 1), frequency = 365)

run <- function(method, alpha, minSigma) {
  out <- earsC(series, control = list(method = method, baseline = 7, alpha = alpha, minSigma = minSigma))
  first <- days - nrow(out@observed) + 1
  data.frame(method = method, alpha = alpha, minSigma = minSigma,
             day = first:days, upperbound = as.vector(out@upperbound),
             alarm = as.integer(as.vector(out@alarm)))
}
rows <- rbind(
  run("C1", 0.001, 0), run("C2", 0.001, 0), run("C3", 0.025, 0),
  run("C1", 0.01, 1), run("C2", 0.01, 1), run("C3", 0.01, 1))
cat("# surveillance", as.character(packageVersion("surveillance")), "earsC, baseline 7\n")
cat("# counts (day 1 first):", paste(counts, collapse = " "), "\n")
write.csv(rows, stdout(), row.names = FALSE, quote = FALSE)
