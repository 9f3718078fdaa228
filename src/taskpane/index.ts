Office.onReady(() => {
  const status = document.getElementById("status");
  if (status) status.textContent = "Ready. Type =DEAL. in a cell to see the formulas.";
});
