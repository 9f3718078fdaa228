/** @jest-environment jsdom */
import { mountPane } from "../../src/taskpane/pane";
import { FakeGateway } from "./fakeGateway";

jest.mock("../../src/taskpane/fluent", () => ({ registerFluent: jest.fn(), setLayerLuminance: jest.fn() }));

it("mounts, shows live results and builds", async () => {
  const root = document.createElement("div");
  document.body.append(root);
  const gateway = new FakeGateway();
  const pane = await mountPane(root, gateway, { today: 46143 });
  const rate = root.querySelector('[data-testid="field-revshare-rate"]') as HTMLElement & { value: string };
  const total = () => root.querySelector('[data-testid="result-revshare-total"]')?.textContent;
  const before = total();
  rate.value = "25";
  rate.dispatchEvent(new Event("input"));
  expect(total()).not.toBe(before);
  (root.querySelector('[data-testid="build-model"]') as HTMLElement).click();
  await new Promise((r) => setTimeout(r, 20));
  expect(gateway.count("buildModel")).toBe(1);
  await pane.dispose();
});
