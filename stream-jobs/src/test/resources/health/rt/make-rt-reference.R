# Reference values for CityOps' InfoDengue-style Rt and P(Rt > 1) (ReproductionNumberTest).
#
#   Rscript make-rt-reference.R > rt-reference.csv
#
# InfoDengue's Rt (AlertTools, after Wallinga and Lipsitch 2007, eq. 4.1): the generation interval
# is a normal density over weeks (mean 3, sd 1.2), evaluated by R's dnorm; the week t itself is
# weighted by the density at 1, the week k weeks back by the density at k + 1 (InfoDengue's own
# indexing); P(Rt > 1) = 1 - pbeta(0.5, cases, weighted past). Estimates start at week 2 x mean.
weekly <- c(3, 4, 2, 5, 3, 4, 6, 9, 14, 22, 31, 40, 38, 30, 21, 12, 8, 5, 4, 3, 0, 2, 1, 0)
meangt <- 3; sdgt <- 1.2
le <- length(weekly)
ga <- rev(dnorm(1:le, mean = meangt, sd = sdgt))
for (t in ceiling(2 * meangt):le) {
  num <- weekly[t]
  deno <- sum(weekly[1:t] * ga[(le - t + 1):le])
  p1 <- if (num == 0) 0 else 1 - pbeta(0.5, shape1 = num, shape2 = deno)
  cat(sprintf("%d,%d,%.15g,%.15g,%.15g\n", t, num, deno, num / deno, p1))
}
